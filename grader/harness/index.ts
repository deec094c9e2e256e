export { gradedExercise, ExerciseLoadError, type GradedExercise } from './exercise';
export { GradeFailure, GradeTimeout, fail, check, describeValue } from './failure';
export { onCleanup, catchUncaught, type Uncaught } from './resources';
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
export { installScriptedSockets, ScriptedSocket } from './scripted-socket';
export { startMockServer, type MockServer, type MockConnection, type MockFrame, type MockClose } from './mock-server';
