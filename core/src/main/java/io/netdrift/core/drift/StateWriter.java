package io.netdrift.core.drift;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Big-endian writer of detector state into a growing array: the layout of {@link
 * java.io.DataOutput}, without its per-field synchronized stream calls (a detector is serialised on
 * every keyed-state access with RocksDB, so this is on the hot path).
 */
final class StateWriter {

  private ByteBuffer buffer;

  StateWriter(int initialCapacity) {
    buffer = ByteBuffer.allocate(Math.max(16, initialCapacity));
  }

  private void ensure(int bytes) {
    if (buffer.remaining() < bytes) {
      ByteBuffer bigger =
          ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
  }

  void writeByte(int v) {
    ensure(1);
    buffer.put((byte) v);
  }

  void writeBoolean(boolean v) {
    writeByte(v ? 1 : 0);
  }

  void writeInt(int v) {
    ensure(4);
    buffer.putInt(v);
  }

  void writeLong(long v) {
    ensure(8);
    buffer.putLong(v);
  }

  void writeDouble(double v) {
    ensure(8);
    buffer.putDouble(v);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer.array(), buffer.position());
  }
}
