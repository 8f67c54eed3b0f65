/**
 * Internal machinery of memsim: paged simulated memory, the free-block search trees and the
 * shared wording of messages. Not exported from the module and not part of the API: these
 * types may change in any release.
 */
package io.github.memsim.internal;
