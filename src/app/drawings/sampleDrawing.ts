// The apartment sample ships with the app (and is precached), so "Try a sample" works offline too.
import sampleUrl from '../../../test/fixtures/apartment.json?url';

export const SAMPLE_FILE_NAME = 'apartment.json';

export async function loadSampleDrawing(): Promise<File> {
  const response = await fetch(sampleUrl);
  if (!response.ok) throw new Error(`The sample drawing could not be loaded (HTTP ${response.status}).`);
  return new File([await response.blob()], SAMPLE_FILE_NAME, { type: 'application/json' });
}
