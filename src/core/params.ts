import { z } from 'zod';

// zod probes for eval() support with new Function(); the app's Content-Security-Policy forbids it.
z.config({ jitless: true });

/** Every threshold of the pipeline (SPEC §4), in millimetres or degrees. Defaults are the SPEC's. */
export const paramsSchema = z.object({
  /** Two segments are parallel when their directions differ by at most this many degrees (LOGIC_B, LOGIC_C). */
  parallelAngleDeg: z.number().min(0.01).max(10).default(2),
  /** Wall thickness range searched for pairs (LOGIC_B). */
  minWallThickness: z.number().min(0.1).max(5000).default(10),
  maxWallThickness: z.number().min(1).max(5000).default(450),
  /** Minimum overlap of a pair's projections (LOGIC_B). */
  minOverlap: z.number().min(0).default(0.01),
  /** A third parallel segment inside a pair's quad for more than this rejects the pair (LOGIC_C). */
  insideSegmentMaxLength: z.number().min(0).default(1),
  /** Thickness range of rectangles that take part in band merging (LOGIC_E). */
  mergeMinThickness: z.number().min(0).default(20),
  mergeMaxThickness: z.number().min(1).default(450),
  /** Largest gap along a band that still merges (LOGIC_E). */
  mergeMaxGap: z.number().min(0).default(1),
  /** Junctions: wall ends closer than this are joined, each extended by at most junctionMaxExtension (LOGIC_F). */
  junctionSearchDistance: z.number().min(0).default(400),
  junctionMaxExtension: z.number().min(0).default(300),
  /** |dot| of the directions below which two walls count as perpendicular (LOGIC_F). */
  junctionMaxDot: z.number().min(0).max(1).default(0.3),
  /** Door/window boxes are grown by this before looking for their walls (DOOR_RECTANGLE_ASSIGNMENT). */
  openingSearchMargin: z.number().min(0).default(200),
  /** Collinearity tolerance and largest gap bridged across an opening (DOOR_BRIDGE). */
  bridgeBandTolerance: z.number().min(0).default(50),
  bridgeMaxGap: z.number().min(0).default(2000),
  /** Walls shorter than this are not exported (the BIMJSON reader skips them). */
  minExportWallLength: z.number().min(0).default(100),
  /** Legacy WALL_CANDIDATES report. */
  legacyAngleDeg: z.number().min(0).max(45).default(10),
  legacyMinOverlapPercent: z.number().min(0).max(100).default(90),
  /** Storey height used by 3D exports. */
  wallHeight: z.number().min(1).default(3000),
  /** The IFC building storey the walls belong to: its name and elevation (mm). */
  storeyName: z.string().trim().min(1).max(80).default('Level 1'),
  storeyElevation: z.number().min(-1e6).max(1e6).default(0),
});

export type Params = z.infer<typeof paramsSchema>;

export const defaultParams: Params = paramsSchema.parse({});

/** Validates user-edited parameters, filling in defaults for missing ones. Throws a ZodError on bad values. */
export function parseParams(input: unknown): Params {
  return paramsSchema.parse(input ?? {});
}
