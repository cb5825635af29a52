/**
 * Test fixtures for the architecture rules: classes that break a rule on purpose, so a test can
 * show the rule fails when it should. Never part of production code.
 */
package io.netdrift.archfixture;
