const kept: object[] = [];

/**
 * Keeps one instance of a class alive for good and returns it. V8 holds the shape (map) of a class's complete
 * instances only weakly: when a job's last instance is collected, every function optimised for that shape is
 * thrown away ("weak objects" deoptimisation) and the next job runs it cold, about 2× slower on campus.
 */
export function keepShape<T extends object>(instance: T): T {
  kept.push(instance);
  return instance;
}
