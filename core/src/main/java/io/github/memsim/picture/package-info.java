/**
 * Pictures of memory: a model's state drawn as SVG or written as JSON, and a program recorded
 * op by op as a page to step through.
 *
 * <pre>{@code
 * MemoryModel.Builder builder = MemoryModel.builder();
 * Recording recording = Recording.attach(builder);          // before the model is built
 * MemoryModel model = builder.build();
 * ThreadContext main = model.mainThread();
 * Pointer node = main.malloc(16);
 * main.free(node);
 * String svg = StatePicture.svg(model.view());              // the state now
 * String json = StatePicture.json(model.view());            // the same, for other tools
 * String page = recording.html("malloc and free");          // every state, with a slider
 * }</pre>
 *
 * <h2>The types</h2>
 * <ul>
 *   <li>{@link StatePicture} draws a {@code ModelView} (from {@code MemoryModel.view()}):
 *       each thread's stack as a column of frames, newest at the bottom, linkage shaded; the
 *       heap in address order with header and footer tags, live blocks labelled with number,
 *       size, thread, site and op, free blocks grey; blue arrows from pointers to what they
 *       point at, red dashed ones from dangling pointers to a ghost of the freed block or
 *       popped slot; and a bar of the whole heap. Given findings (from the race detector or a
 *       cost report), it outlines the blocks and slots concerned and lists the findings. It
 *       also writes the same state as JSON of schema {@value StatePicture#SCHEMA}.</li>
 *   <li>{@link Recording} is a listener and switch point that keeps the state after every
 *       operation, labelled with the operation that produced it ({@code malloc(16) by main =
 *       block #1 (16 bytes at 0x10020)}), and each fault as a step of its own, with the state
 *       it left unchanged; {@link Recording#html(String)} writes them as one page.</li>
 * </ul>
 *
 * <h2>How they fit</h2>
 * A picture reads only a view: a read-only value that the model makes without changing
 * anything (frames with their slots' values and linkage, the heap map, every stored pointer
 * with where it leads and whether that is still live, the statistics). A recording takes such
 * a view between operations, through the same event stream every other tool uses. The page is
 * self-contained (inline SVG and script, nothing fetched), with a slider, buttons and the arrow
 * keys, and opens at a state given in its address ({@code #op=42}).
 *
 * <h2>The rules it keeps</h2>
 * <ul>
 *   <li>The same state gives byte-identical SVG and JSON on every machine and in every
 *       locale.</li>
 *   <li>A picture stays readable at any size: past {@value StatePicture#DEFAULT_MAX_ENTRIES}
 *       heap entries (or a limit you choose) the rest are one row that says how many blocks
 *       and bytes it stands for; the bar always shows the whole heap.</li>
 *   <li>A recorded model is driven by one Java thread at a time and without a scheduler. A
 *       recording suits teaching programs of thousands of operations, not traces of millions;
 *       for going back in a long run, take snapshots.</li>
 *   <li>This package depends on the root API only; nothing in the root package refers to
 *       it.</li>
 * </ul>
 */
package io.github.memsim.picture;
