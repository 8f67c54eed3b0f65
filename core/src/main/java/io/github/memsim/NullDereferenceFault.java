package io.github.memsim;

/** A load or store through a null pointer: an address in the unmapped first page. */
public final class NullDereferenceFault extends MemoryFault {
  private static final long serialVersionUID = 1L;

  NullDereferenceFault(long address, String thread, String facts) {
    super(Kind.NULL_DEREFERENCE, address, thread, facts);
  }
}
