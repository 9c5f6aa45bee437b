/** Direction of a line as an angle in [0, π): lines are undirected. */
export function lineAngle(dx: number, dy: number): number {
  let a = Math.atan2(dy, dx);
  if (a < 0) a += Math.PI;
  if (a >= Math.PI) a -= Math.PI;
  return a;
}

export const DEG = Math.PI / 180;
