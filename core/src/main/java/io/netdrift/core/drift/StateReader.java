package io.netdrift.core.drift;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Reader of the layout written by {@link StateWriter}; running out of bytes is an EOF. */
final class StateReader {

  private final ByteBuffer buffer;

  StateReader(byte[] bytes) {
    buffer = ByteBuffer.wrap(bytes);
  }

  private void require(int bytes) throws EOFException {
    if (buffer.remaining() < bytes) {
      throw new EOFException();
    }
  }

  byte readByte() throws IOException {
    require(1);
    return buffer.get();
  }

  boolean readBoolean() throws IOException {
    byte b = readByte();
    if (b != 0 && b != 1) {
      throw new IOException("corrupt detector state: boolean byte " + b);
    }
    return b == 1;
  }

  int readInt() throws IOException {
    require(4);
    return buffer.getInt();
  }

  long readLong() throws IOException {
    require(8);
    return buffer.getLong();
  }

  double readDouble() throws IOException {
    require(8);
    return buffer.getDouble();
  }

  boolean fullyRead() {
    return !buffer.hasRemaining();
  }
}
