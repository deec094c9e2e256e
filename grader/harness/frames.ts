/**
 * A WebSocket frame reader (RFC 6455 §5.2) for bytes seen on the wire: it
 * reads frames, it does not answer them. Fragmented messages are joined;
 * control frames may arrive between fragments (§5.4).
 */
export type WireMessage =
  | { readonly kind: 'text' | 'binary'; readonly payload: Buffer; readonly compressed: boolean }
  | { readonly kind: 'close'; readonly code: number | null; readonly reason: string }
  | { readonly kind: 'ping' | 'pong'; readonly payload: Buffer };

export class FrameReader {
  private buffered = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentKind: 'text' | 'binary' | null = null;
  private fragmentCompressed = false;
  /** Set when the bytes stop making sense as frames; nothing after that is read. */
  broken: string | null = null;

  push(chunk: Buffer): WireMessage[] {
    if (this.broken) return [];
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const out: WireMessage[] = [];
    for (;;) {
      const frame = this.nextFrame();
      if (!frame) break;
      const message = this.assemble(frame);
      if (message) out.push(message);
      if (this.broken) break;
    }
    return out;
  }

  private nextFrame(): { fin: boolean; rsv1: boolean; opcode: number; payload: Buffer } | null {
    const b = this.buffered;
    if (b.length < 2) return null;
    const first = b[0] as number;
    const second = b[1] as number;
    let length = second & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      const big = b.readBigUInt64BE(2);
      if (big > BigInt(64 * 1024 * 1024)) {
        this.broken = 'a frame longer than 64 MiB';
        return null;
      }
      length = Number(big);
      offset = 10;
    }
    const masked = (second & 0x80) !== 0;
    const maskOffset = offset;
    if (masked) offset += 4;
    if (b.length < offset + length) return null;
    const payload = Buffer.from(b.subarray(offset, offset + length));
    if (masked) {
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (b[maskOffset + (i % 4)] as number);
    }
    this.buffered = b.subarray(offset + length);
    return { fin: (first & 0x80) !== 0, rsv1: (first & 0x40) !== 0, opcode: first & 0x0f, payload };
  }

  private assemble(frame: { fin: boolean; rsv1: boolean; opcode: number; payload: Buffer }): WireMessage | null {
    switch (frame.opcode) {
      case 0x8: {
        const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null;
        return { kind: 'close', code, reason: frame.payload.subarray(2).toString('utf8') };
      }
      case 0x9:
        return { kind: 'ping', payload: frame.payload };
      case 0xa:
        return { kind: 'pong', payload: frame.payload };
      case 0x1:
      case 0x2:
        if (this.fragmentKind) {
          this.broken = 'a new message began before the previous one ended';
          return null;
        }
        this.fragmentKind = frame.opcode === 0x1 ? 'text' : 'binary';
        this.fragmentCompressed = frame.rsv1;
        this.fragments = [frame.payload];
        break;
      case 0x0:
        if (!this.fragmentKind) {
          this.broken = 'a continuation frame with no message to continue';
          return null;
        }
        this.fragments.push(frame.payload);
        break;
      default:
        this.broken = `an unknown opcode ${frame.opcode}`;
        return null;
    }
    if (!frame.fin) return null;
    const message: WireMessage = {
      kind: this.fragmentKind as 'text' | 'binary',
      payload: Buffer.concat(this.fragments),
      compressed: this.fragmentCompressed,
    };
    this.fragmentKind = null;
    this.fragments = [];
    return message;
  }
}
