/** The ARM network simulator (dev/test only, never deployed). See README.md in this folder. */
export { startSimulator, type SimulatorHandle, type SimulatorOptions } from './startSimulator';
export { trustCertificatePolicy, trustCertificatePolicyName } from './trustCertificatePolicy';
export { generateFleet, parseFleetSpec, fleetNames, DEFAULT_FLEET_SPEC, type FleetOptions, type FleetShape } from './generateFleet';
export { buildExampleFleet } from './exampleFleet';
export { SHARED_KEY_PREFIX } from './fleetBuilder';
export { stringifyWithBigInt } from './bigintJson';
export { ARM_ROUTES } from './armRoutes';
export type { SimLinkView, CallCounts } from './SimulatorEngine';
export type { FaultSpec, FaultKind } from './FaultBook';
export type { LinkStateInput, GatewayStateInput } from './controlInputs';
export type { LinkStatus, Scenario, Traffic } from './tunnelState';
export { SimulatorInputError } from './SimulatorInputError';
export type { RbacAssignment } from './RbacBook';
