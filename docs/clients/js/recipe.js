// netdrift from Node.js: produce link telemetry, read the job's load predictions.
//   npm ci && BOOTSTRAP=localhost:9092 node recipe.js
// Settings (environment): BOOTSTRAP, SCHEMAS (netdrift's schemas/src/main/avro), TELEMETRY_TOPIC,
// PREDICTIONS_TOPIC, LINKS (linkId:src>dst,...), STEPS (0: only read), STEP_MS, START_MS, EXPECT
// (predictions to read before stopping; default: one per released sample and each of the job's
// two default lanes), TIMEOUT_MS. Prints each prediction as one JSON line "prediction {...}".
'use strict';
const path = require('path');
const { Kafka, logLevel } = require('kafkajs');
const { codec } = require('./netdrift-avro');

const env = (name, fallback) => process.env[name] || fallback;
const schemas = env('SCHEMAS', path.join(__dirname, '../../../schemas/src/main/avro'));
const links = env('LINKS', 'Amsterdam-Brussels:Amsterdam>Brussels,Amsterdam-Brussels:Brussels>Amsterdam').split(',');
const steps = Number(env('STEPS', '8'));
const stepMs = Number(env('STEP_MS', String(15 * 60 * 1000)));
const startMs = Number(env('START_MS', String(Math.floor(Date.now() / stepMs) * stepMs - steps * stepMs)));
// the newest step waits for a later one to move the watermark: steps - 1 released per link and lane
const expect = Number(env('EXPECT', String(steps ? (steps - 1) * links.length * 2 : 10)));

const telemetry = codec(schemas, 'LinkTelemetry');
const prediction = codec(schemas, 'LoadPrediction');
const kafka = new Kafka({ clientId: 'netdrift-js', brokers: env('BOOTSTRAP', 'localhost:9092').split(','), logLevel: logLevel.WARN });

async function produce() {
  if (!steps) return;
  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (let step = 0; step < steps; step++) {
    const timestampMs = startMs + step * stepMs;
    links.forEach((key, i) => {
      const [linkId, direction] = key.split(':');
      const [srcNode, dstNode] = direction.split('>');
      const loadMbps = 400 + 100 * i + 50 * Math.sin(step / 4); // what a collector would measure
      messages.push({
        key, // the directed link key
        value: telemetry.encode({ linkId, srcNode, dstNode, timestampMs, loadMbps, capacityMbps: 1000, status: 'UP' }),
        timestamp: String(timestampMs), // the event time, as the job expects
      });
    });
  }
  await producer.send({ topic: env('TELEMETRY_TOPIC', 'link-telemetry'), messages });
  await producer.disconnect();
  console.log(`sent ${messages.length} telemetry records`);
}

async function readPredictions() {
  // kafkajs reads read_committed by default (readUncommitted: false): only committed outputs
  const consumer = kafka.consumer({ groupId: `netdrift-js-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: env('PREDICTIONS_TOPIC', 'load-predictions'), fromBeginning: true });
  let read = 0;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`read ${read} of ${expect} predictions before the timeout`)),
      Number(env('TIMEOUT_MS', '120000')));
    consumer.run({
      eachMessage: async ({ message }) => {
        const p = prediction.decode(message.value);
        console.log('prediction ' + JSON.stringify(p));
        if (++read >= expect) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
}

produce()
  .then(readPredictions)
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e.stack || String(e));
    process.exit(1);
  });
