package io.netdrift.core.adaptation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte format of an {@link AdaptiveLane}'s durable state (its operator-state entry): format
 * number, lane name, version counter, versions, scopes with their samples, link-to-scope map,
 * regime memory, newest event time — in that order, with {@link DataOutputStream} encodings. A
 * change of the layout needs a new {@link #FORMAT} number.
 */
final class AdaptiveLaneCodec {
  static final int FORMAT = 1;

  private AdaptiveLaneCodec() {}

  /** What a snapshot holds, in its order. */
  record Contents(
      String lane,
      long nextVersion,
      Collection<ModelVersion> versions,
      Collection<Scope> scopes,
      Map<String, String> scopeOfLink,
      Map<String, Long> regimeMemory,
      long newestEventTimeMs) {}

  /** The lane a snapshot belongs to. */
  static String laneOf(byte[] snapshot) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      in.readInt();
      return in.readUTF();
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt adaptive-lane snapshot", e);
    }
  }

  static byte[] write(Contents c) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(FORMAT);
      out.writeUTF(c.lane());
      out.writeLong(c.nextVersion());
      out.writeInt(c.versions().size());
      for (ModelVersion v : c.versions()) {
        v.write(out);
      }
      out.writeInt(c.scopes().size());
      for (Scope s : c.scopes()) {
        s.write(out);
      }
      out.writeInt(c.scopeOfLink().size());
      for (Map.Entry<String, String> e : c.scopeOfLink().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      out.writeInt(c.regimeMemory().size());
      for (Map.Entry<String, Long> e : c.regimeMemory().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      out.writeLong(c.newestEventTimeMs());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a snapshot of the lane {@code expectedLane}.
   *
   * @throws IllegalStateException for an unknown format or another lane's snapshot
   */
  static Contents read(byte[] snapshot, String expectedLane) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalStateException("unknown adaptive-lane snapshot format " + format);
      }
      String name = in.readUTF();
      if (!name.equals(expectedLane)) {
        throw new IllegalStateException(
            "snapshot of lane " + name + " restored into " + expectedLane);
      }
      long counter = in.readLong();
      int n = in.readInt();
      List<ModelVersion> versions = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        versions.add(ModelVersion.read(in));
      }
      n = in.readInt();
      List<Scope> scopes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        scopes.add(Scope.read(in));
      }
      n = in.readInt();
      Map<String, String> scopeOfLink = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        scopeOfLink.put(in.readUTF(), in.readUTF());
      }
      n = in.readInt();
      Map<String, Long> regimeMemory = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        regimeMemory.put(in.readUTF(), in.readLong());
      }
      long newestEventTimeMs = in.readLong();
      return new Contents(
          name, counter, versions, scopes, scopeOfLink, regimeMemory, newestEventTimeMs);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt adaptive-lane snapshot of " + expectedLane, e);
    }
  }
}
