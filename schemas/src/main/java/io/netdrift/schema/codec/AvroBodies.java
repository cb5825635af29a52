package io.netdrift.schema.codec;

import io.netdrift.schema.codec.AvroCodec.DecodeException;
import io.netdrift.schema.codec.AvroCodec.Failure;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Checks on an Avro binary body before it is materialised, shared by both value formats: the body
 * is walked once with its writer schema without allocating ({@link GenericDatumReader#skip}), so a
 * length prefix that claims more bytes than the value holds is an {@link Failure#UNDECODABLE} value
 * rather than an {@link OutOfMemoryError}, and bytes left over after the record make it {@link
 * Failure#UNDECODABLE} too (Avro's readers silently ignore them).
 */
final class AvroBodies {
  private AvroBodies() {}

  /** Every length prefix of the body at {@code offset} fits, and nothing follows the record. */
  static void checkFits(Schema writer, byte[] bytes, int offset, Class<?> type)
      throws DecodeException {
    BinaryDecoder body =
        DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null);
    try {
      GenericDatumReader.skip(writer, body);
      if (!body.isEnd()) {
        throw new DecodeException(
            Failure.UNDECODABLE,
            "trailing bytes after the "
                + type.getSimpleName()
                + " record ("
                + bytes.length
                + " bytes in all)",
            null);
      }
    } catch (IOException | RuntimeException e) {
      throw corrupt(type, bytes, e);
    }
  }

  /** An {@link Failure#UNDECODABLE} body, naming the record type, the size and the cause. */
  static DecodeException corrupt(Class<?> type, byte[] bytes, Exception e) {
    return new DecodeException(
        Failure.UNDECODABLE,
        "corrupt "
            + type.getSimpleName()
            + " body ("
            + bytes.length
            + " bytes): "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()),
        e);
  }
}
