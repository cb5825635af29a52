// Avro single-object encoding as netdrift's topics use it: C3 01, the 8-byte little-endian
// CRC-64-AVRO fingerprint of the writer schema's Parsing Canonical Form, then the Avro binary body.
'use strict';
const fs = require('fs');
const path = require('path');
const avro = require('avsc');

// CRC-64-AVRO (Rabin), as in the Avro specification's "Schema Fingerprints".
const EMPTY = 0xc15d213aa4d7a795n;
const TABLE = Array.from({ length: 256 }, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n));
  return fp;
});

function fingerprint64(canonicalForm) {
  let fp = EMPTY;
  for (const b of Buffer.from(canonicalForm, 'utf8')) {
    fp = (fp >> 8n) ^ TABLE[Number((fp ^ BigInt(b)) & 0xffn)];
  }
  return fp;
}

/** A codec for one schema file of netdrift's schemas/ (e.g. LinkTelemetry.avsc). */
function codec(schemaDir, name) {
  const type = avro.Type.forSchema(
    JSON.parse(fs.readFileSync(path.join(schemaDir, name + '.avsc'), 'utf8')));
  const header = Buffer.alloc(10);
  header[0] = 0xc3;
  header[1] = 0x01;
  // schema() without options is the Parsing Canonical Form (no docs, no defaults)
  header.writeBigUInt64LE(fingerprint64(JSON.stringify(type.schema())), 2);
  return {
    encode: (record) => Buffer.concat([header, type.toBuffer(record)]),
    decode: (bytes) => {
      if (bytes.length < 10 || !bytes.subarray(0, 10).equals(header)) {
        throw new Error(`not a ${name} in single-object encoding`);
      }
      return type.fromBuffer(bytes.subarray(10));
    },
  };
}

module.exports = { codec, fingerprint64 };
