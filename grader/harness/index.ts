export { gradedExercise, ExerciseLoadError, type GradedExercise } from './exercise';
export { GradeFailure, GradeTimeout, fail, check, describeValue } from './failure';
export { onCleanup } from './resources';
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
