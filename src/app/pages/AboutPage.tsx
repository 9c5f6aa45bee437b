/** About: what the app is, its licence, and the third-party packages it ships with their licences. */
export function AboutPage() {
  return (
    <main className="page">
      <header className="page-header">
        <h1>About BimBot AI Wall</h1>
      </header>
      <section className="card" aria-labelledby="about-licence">
        <h2 id="about-licence">Licence</h2>
        <p>
          BimBot AI Wall turns 2D CAD floor plans into BIM walls, doors and windows, entirely in your browser: drawings
          are never uploaded. It is free software under the GNU General Public License, version 3 or later
          (GPL-3.0-or-later), which the DWG reader (LibreDWG) requires.
        </p>
      </section>
      <section className="card" aria-labelledby="about-third-party">
        <h2 id="about-third-party">Third-party software</h2>
        <table className="data">
          <thead>
            <tr>
              <th>Package</th>
              <th>Version</th>
              <th>Licence</th>
            </tr>
          </thead>
          <tbody>
            {__THIRD_PARTY_LICENSES__.map((p) => (
              <tr key={p.name}>
                <td>{p.name}</td>
                <td>{p.version}</td>
                <td>{p.license}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
