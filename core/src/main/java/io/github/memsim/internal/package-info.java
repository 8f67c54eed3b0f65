/**
 * Internal machinery of memsim: paged simulated memory, the free-block search tree and the one
 * text helper ({@link io.github.memsim.internal.Text}: the shared wording of messages, the
 * escaping of text for JSON, XML, terminals and CSV, and the JSON and SVG writers). Not exported
 * from the module and not part of the API: these types may change in any release.
 */
package io.github.memsim.internal;
