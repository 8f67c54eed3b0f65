/**
 * Internal machinery of memsim: paged simulated memory, the free-block search trees and the one
 * text helper ({@link io.github.memsim.internal.Text}: the shared wording of messages, the
 * escaping of text for JSON, XML, terminals and CSV, and the JSON and SVG writers). Not exported
 * from the module and not part of the API: these types may change in any release. The capability
 * packages use only the text helper from here.
 */
package io.github.memsim.internal;
