/** Bad input to the simulator (control API or options): answered with 400, never a 5xx. */
export class SimulatorInputError extends Error {
  override readonly name = 'SimulatorInputError';
  constructor(
    message: string,
    readonly code = 'InvalidSimulatorInput',
  ) {
    super(message);
  }
}
