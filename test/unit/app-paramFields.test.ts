import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core/params';
import { changedParams, paramInputs, paramsFromInputs } from '../../src/app/drawings/paramFields';

describe('pipeline parameter form', () => {
  it('round-trips the defaults', () => {
    expect(paramsFromInputs(paramInputs())).toEqual(defaultParams);
    expect(changedParams(paramInputs())).toEqual([]);
  });

  it('reads changed values and treats blank fields as defaults', () => {
    const inputs = { ...paramInputs(), maxWallThickness: '600', bridgeMaxGap: ' ' };
    expect(changedParams(inputs)).toEqual(['maxWallThickness']);
    expect(paramsFromInputs(inputs)).toEqual({ ...defaultParams, maxWallThickness: 600 });
  });

  it('names the field of a bad value', () => {
    expect(() => paramsFromInputs({ ...paramInputs(), parallelAngleDeg: '90' })).toThrow(/^Parallel tolerance \(°\): /);
    expect(() => paramsFromInputs({ ...paramInputs(), wallHeight: 'abc' })).toThrow(/^Wall height for 3D exports \(mm\): /);
  });
});
