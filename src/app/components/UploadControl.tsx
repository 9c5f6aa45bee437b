import { useId } from 'react';

/** A file picker shown as a button; the accessible name of the input is exactly "Upload drawing". */
export function UploadControl({ onFile, disabled }: { onFile: (file: File) => void; disabled: boolean }) {
  const id = useId();
  return (
    <>
      <input
        id={id}
        className="visually-hidden file-input"
        type="file"
        accept=".json,.dxf,.dwg,application/json"
        disabled={disabled}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = ''; // so picking the same file again still triggers a change
          if (file) onFile(file);
        }}
      />
      <label htmlFor={id} className={`button primary${disabled ? ' disabled' : ''}`}>
        Upload drawing
      </label>
    </>
  );
}
