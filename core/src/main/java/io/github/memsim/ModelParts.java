package io.github.memsim;

/**
 * The package-private collaborators a {@link MemoryModel} is a façade over, made by its builder
 * and shared by its threads: each thread copies the ones on its path into final fields of its
 * own, so an access pays no indirection through the model.
 *
 * @param lock the one lock that serialises every operation
 * @param events the event dispatcher and op clock
 * @param threads the thread table
 * @param heap the heap
 * @param addresses the address map and provenance checks
 * @param pointerTags the provenance of pointers stored in memory
 * @param sites the interned call stacks
 * @param snapshots snapshot and restore
 * @param digest the state digest
 * @param switchPoint the scheduler's switch point, or null
 * @param accessCheck the access check, or null
 */
record ModelParts(Object lock, Events events, ThreadTable threads, Heap heap,
    AddressMap addresses, PointerTags pointerTags, CallSite.Table sites, Snapshots snapshots,
    StateDigest digest, SwitchPoint switchPoint, AccessCheck accessCheck) {}
