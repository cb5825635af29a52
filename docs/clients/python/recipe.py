"""netdrift from Python: produce link telemetry, read the job's load predictions.

    pip install confluent-kafka avro      # or Debian/Ubuntu: apt install python3-confluent-kafka python3-avro
    BOOTSTRAP=localhost:9092 python3 recipe.py

Same settings (environment) and output as docs/clients/js/recipe.js: BOOTSTRAP, SCHEMAS,
TELEMETRY_TOPIC, PREDICTIONS_TOPIC, LINKS, STEPS (0: only read), STEP_MS, START_MS, EXPECT,
TIMEOUT_MS; prints each prediction as one JSON line "prediction {...}".
"""
import io
import json
import math
import os
import struct
import sys
import time
import uuid

import avro.io
import avro.schema
from confluent_kafka import Consumer, Producer

# CRC-64-AVRO (Rabin), as in the Avro specification's "Schema Fingerprints".
EMPTY = 0xC15D213AA4D7A795
TABLE = []
for i in range(256):
    fp = i
    for _ in range(8):
        fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
    TABLE.append(fp)


def fingerprint64(canonical_form):
    fp = EMPTY
    for b in canonical_form.encode("utf-8"):
        fp = (fp >> 8) ^ TABLE[(fp ^ b) & 0xFF]
    return fp


class Codec:
    """Avro single-object encoding: C3 01, 8-byte little-endian fingerprint, Avro binary."""

    def __init__(self, schema_dir, name):
        with open(os.path.join(schema_dir, name + ".avsc")) as f:
            self.schema = avro.schema.parse(f.read())
        self.header = b"\xc3\x01" + struct.pack("<Q", fingerprint64(self.schema.canonical_form))
        self.name = name

    def encode(self, record):
        out = io.BytesIO()
        out.write(self.header)
        avro.io.DatumWriter(self.schema).write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, data):
        if data[:10] != self.header:
            raise ValueError(f"not a {self.name} in single-object encoding")
        return avro.io.DatumReader(self.schema).read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))


env = os.environ.get
here = os.path.dirname(os.path.abspath(__file__))
schemas = env("SCHEMAS", os.path.join(here, "../../../schemas/src/main/avro"))
links = env("LINKS", "Amsterdam-Brussels:Amsterdam>Brussels,Amsterdam-Brussels:Brussels>Amsterdam").split(",")
steps = int(env("STEPS", "8"))
step_ms = int(env("STEP_MS", str(15 * 60 * 1000)))
start_ms = int(env("START_MS", str(int(time.time() * 1000) // step_ms * step_ms - steps * step_ms)))
# the newest step waits for a later one to move the watermark: steps - 1 released per link and lane
expect = int(env("EXPECT", str((steps - 1) * len(links) * 2 if steps else 10)))
bootstrap = env("BOOTSTRAP", "localhost:9092")
telemetry = Codec(schemas, "LinkTelemetry")
prediction = Codec(schemas, "LoadPrediction")

if steps:
    producer = Producer({"bootstrap.servers": bootstrap})
    for step in range(steps):
        timestamp_ms = start_ms + step * step_ms
        for i, key in enumerate(links):
            link_id, direction = key.split(":")
            src, dst = direction.split(">")
            load = 400 + 100 * i + 50 * math.sin(step / 4)  # what a collector would measure
            value = telemetry.encode({"linkId": link_id, "srcNode": src, "dstNode": dst,
                                      "timestampMs": timestamp_ms, "loadMbps": load,
                                      "capacityMbps": 1000.0, "status": "UP"})
            # key: the directed link key; Kafka timestamp: the event time, as the job expects
            producer.produce(env("TELEMETRY_TOPIC", "link-telemetry"), value, key, timestamp=timestamp_ms)
    producer.flush()
    print(f"sent {steps * len(links)} telemetry records", flush=True)

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"netdrift-py-{uuid.uuid4()}",
                     "auto.offset.reset": "earliest",
                     "isolation.level": "read_committed"})  # only committed outputs
consumer.subscribe([env("PREDICTIONS_TOPIC", "load-predictions")])
deadline = time.time() + int(env("TIMEOUT_MS", "120000")) / 1000
read = 0
while read < expect and time.time() < deadline:
    message = consumer.poll(1.0)
    if message is None:
        continue
    if message.error():
        print(message.error(), file=sys.stderr)
        continue
    print("prediction " + json.dumps(prediction.decode(message.value())), flush=True)
    read += 1
consumer.close()
if read < expect:
    sys.exit(f"read {read} of {expect} predictions before the timeout")
