// Not an alternative: the alternatives beside it import './protocol' and './rooms' as the
// snapshot's files do, and this stands in for it so they type-check here. When graded, each
// alternative is copied into a copy of the solution, next to the solution's own protocol.ts.
export * from '../../../../../../solutions/05-rooms-and-broadcast/app/lib/protocol';
