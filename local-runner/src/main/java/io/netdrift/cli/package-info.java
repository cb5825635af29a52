/**
 * The ./netdrift launcher: one picocli command per task (demo, simulate, train, detect,
 * detect-eval, config); each command only parses options and calls the library.
 */
package io.netdrift.cli;
