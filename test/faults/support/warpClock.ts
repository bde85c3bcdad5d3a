/**
 * Virtual time shared by the simulator and tunnelwatch: it runs `warp` times faster than real time (so a 2 s
 * ResetConnection finishes in 0.1 s) and jumps forward on `advance` (so a 30 minute cooldown costs nothing).
 * Real-time bounds (request timeouts, LRO wait bounds) stay real, which is what the faults exercise.
 */
export class WarpClock {
  private baseMs: number;
  private realStart = performance.now();

  constructor(
    startMs: number,
    private warp = 20,
  ) {
    this.baseMs = startMs;
  }

  ms = (): number => Math.floor(this.baseMs + (performance.now() - this.realStart) * this.warp);
  now = (): Date => new Date(this.ms());

  advance(ms: number): void {
    this.baseMs += ms;
  }

  advanceTo(ms: number): void {
    if (ms > this.ms()) this.advance(ms - this.ms());
  }

  /** 0 freezes time (an operation then never ends within its real-time bound). */
  setWarp(warp: number): void {
    this.baseMs = this.ms();
    this.realStart = performance.now();
    this.warp = warp;
  }
}
