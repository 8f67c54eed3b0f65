package io.github.memsim;

import io.github.memsim.internal.Text;

/**
 * The fixed layout of a model's 64-bit address space, as in a real process:
 *
 * <pre>
 *  0x0            0x1000           0x10000                  0x10000 + heap limit
 *   | null page    | (unmapped)     | heap: grows up -&gt; break |   (unmapped)   ...
 *
 *   ...  | guard | stack of thread 1 | guard | stack of thread 0 (main) |  0x7fff00000000
 *                           grows down &lt;-                 grows down &lt;-   (STACK_TOP)
 * </pre>
 *
 * <p>Only the heap below its break and the stacks are mapped; any other address is a
 * segmentation fault, and an address in the first page is a null dereference. Stacks sit one
 * below the other, each with an unmapped guard gap of {@link #STACK_GUARD_BYTES} below it.
 */
public final class AddressSpace {
  /** The size of a page, and of the unmapped null page at address 0. */
  public static final long PAGE_SIZE = 4096;
  /** The first address of the heap. */
  public static final long HEAP_BASE = 0x1_0000L;
  /** The largest heap limit a model accepts: 1 TiB. */
  public static final long MAX_HEAP_LIMIT = 1L << 40;
  /** The address just above the main thread's stack. */
  public static final long STACK_TOP = 0x7fff_0000_0000L;
  /** The unmapped gap below each stack. */
  public static final long STACK_GUARD_BYTES = 1L << 20;
  /** The largest stack size a model accepts: 1 GiB. */
  public static final long MAX_STACK_SIZE = 1L << 30;

  private AddressSpace() {}

  /**
   * Formats an address the way every message does: {@code 0x} and lower-case hex.
   *
   * @param address an address
   * @return the address in hex, such as {@code 0x10020}
   */
  public static String hex(long address) {
    return Text.hex(address);
  }
}
