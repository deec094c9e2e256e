export { gradedExercise, ExerciseLoadError, type GradedExercise } from './exercise';
export { GradeFailure, GradeTimeout, fail, failExplainingCrash, check, describeValue } from './failure';
export { onCleanup } from './resources';
export { readRemote, returnedPromise, learnerCrash, remoteKind, RemoteBytes, RemoteError, RemoteOpaque, RemoteThrow, type Remote, type Subject } from './subject';
export { within, sleep, eventually, call, describeError } from './timing';
export {
  connectProbe,
  startProbeServer,
  unusedPort,
  Inbox,
  ProbeSocket,
  type Frame,
  type CloseInfo,
  type ProbeConnection,
  type ProbeServer,
} from './sockets';
export { startWireTap, type WireTap, type TappedClose } from './wire-tap';
export { expectSteps } from './recorder';
export { step, greetingRoundTrip } from './expected';
