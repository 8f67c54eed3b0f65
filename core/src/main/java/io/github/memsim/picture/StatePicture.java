package io.github.memsim.picture;

import io.github.memsim.FrameLayout;
import io.github.memsim.Finding;
import io.github.memsim.HeapBlock;
import io.github.memsim.HeapMap;
import io.github.memsim.MemoryModel;
import io.github.memsim.ModelView;
import io.github.memsim.Pointer;
import io.github.memsim.Statistics;
import io.github.memsim.internal.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pictures of a model's state: an SVG with each thread's stack as a column of frames (newest at
 * the bottom, the frame linkage shaded), the heap in address order (live blocks labelled with
 * their id, size, thread and site; free blocks grey; tags drawn), arrows from every stored
 * pointer to the byte it points at (blue when live, red and dashed when dangling, to a ghost of
 * the freed block or popped frame), and a bar of the whole heap; and a JSON document of the same
 * state (schema {@value #SCHEMA}). The same state gives byte-identical output on every machine.
 *
 * <pre>{@code
 * MemoryModel model = MemoryModel.builder().build();
 * model.mainThread().malloc(16);
 * String svg = StatePicture.svg(model.view());
 * }</pre>
 *
 * <p>Past {@link #DEFAULT_MAX_ENTRIES} heap entries, the rest are drawn as one aggregate row
 * that says how many blocks and bytes it stands for; the bar always shows the whole heap.
 */
public final class StatePicture {
  /** The JSON document's schema name and version. */
  public static final String SCHEMA = "memsim-state/1";
  /** Heap entries drawn one by one before the rest are aggregated. */
  public static final int DEFAULT_MAX_ENTRIES = 120;

  private static final int ROW = 18;
  private static final int STACK_WIDTH = 300;
  /** The width of a character of the 12-pixel monospace font, a little over. */
  private static final double CHARACTER = 7.3;
  private static final int HEAP_WIDTH = 340;
  private static final int MARGIN = 20;
  private static final int BAR_WIDTH = 600;
  private static final String LIVE = "#1f5fbf";
  private static final String DANGLING = "#c62828";
  private static final String FINDING = "#e65100";
  private static final int GHOST_GAP = 60;
  private static final int GHOST_WIDTH = 470;
  /** The width of one byte's cell when a block's bytes are drawn as characters. */
  private static final int CELL = 14;

  private StatePicture() {}

  /**
   * {@return an SVG picture of the state, with at most {@link #DEFAULT_MAX_ENTRIES} heap entries
   * drawn one by one}
   *
   * @param view the state, from {@link MemoryModel#view()}
   */
  public static String svg(ModelView view) {
    return svg(view, DEFAULT_MAX_ENTRIES);
  }

  /**
   * {@return an SVG picture of the state}
   *
   * @param view the state, from {@link MemoryModel#view()}
   * @param maxEntries heap entries drawn one by one before the rest are aggregated, at least 1
   */
  public static String svg(ModelView view, int maxEntries) {
    return svg(view, maxEntries, List.of());
  }

  /**
   * {@return an SVG picture of the state with findings laid over it} Each finding's block or
   * stack slot is outlined in orange with the finding's number beside it, and the findings are
   * listed, numbered, below the picture (a finding whose address is not drawn, such as a freed
   * block's, is listed only).
   *
   * @param view the state, from {@link MemoryModel#view()}
   * @param findings what tools found, e.g. {@code detector.findings()} or {@code
   *     costReport.findings()}
   */
  public static String svg(ModelView view, List<Finding> findings) {
    return svg(view, DEFAULT_MAX_ENTRIES, findings);
  }

  /**
   * {@return an SVG picture of the state with findings laid over it}
   *
   * @param view the state, from {@link MemoryModel#view()}
   * @param maxEntries heap entries drawn one by one before the rest are aggregated, at least 1
   * @param findings what tools found
   */
  public static String svg(ModelView view, int maxEntries, List<Finding> findings) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
    }
    return new Drawing(view, maxEntries, List.copyOf(findings), "", Overlay.none()).draw();
  }

  /**
   * {@return an SVG picture of the state with a tool's overlay: label rows above slots, grey
   * slots, a block's bytes as characters}
   *
   * @param view the state, from {@link MemoryModel#view()}
   * @param overlay what the tool adds
   */
  public static String svg(ModelView view, Overlay overlay) {
    return new Drawing(view, DEFAULT_MAX_ENTRIES, List.of(), "", overlay).draw();
  }

  /**
   * {@return the picture as {@link #svg(ModelView)} draws it, with its arrowheads' ids begun by
   * {@code idPrefix}} so that many pictures can share one page.
   */
  static String svg(ModelView view, String idPrefix) {
    return new Drawing(view, DEFAULT_MAX_ENTRIES, List.of(), idPrefix, Overlay.none()).draw();
  }

  /** Lays out and writes one picture. */
  private static final class Drawing {
    private final ModelView view;
    private final int maxEntries;
    private final List<Finding> findings;
    /** What begins the ids of the picture's markers. */
    private final String idPrefix;
    private final Overlay overlay;
    private final Text.Svg body = new Text.Svg();
    private final Text.Svg arrows = new Text.Svg();
    /** Where each drawn stack slot's row is: address to {x of its right edge, y of its middle}. */
    private final Map<Long, int[]> slotRows = new HashMap<>();
    /**
     * Drawn heap entries: address, size, top y, height, 1 for a live block (else 0), the
     * block's payload address and size, and 1 where its bytes are drawn as characters.
     */
    private final List<long[]> heapBoxes = new ArrayList<>();
    private final int heapX;
    private int bottom;

    Drawing(ModelView view, int maxEntries, List<Finding> findings, String idPrefix,
        Overlay overlay) {
      this.view = view;
      this.overlay = overlay;
      this.maxEntries = maxEntries;
      this.findings = findings;
      this.idPrefix = idPrefix;
      this.heapX = MARGIN + Math.max(1, view.threads().size()) * (STACK_WIDTH + MARGIN) + 60;
    }

    String draw() {
      int top = 110;
      drawBar();
      int stacksBottom = drawStacks(top);
      int heapBottom = drawHeap(top);
      bottom = Math.max(stacksBottom, heapBottom) + 30;
      int ghosts = drawArrows();
      bottom = Math.max(bottom, ghosts + 20);
      bottom = drawFindings(bottom);
      int width = heapX + HEAP_WIDTH + GHOST_GAP + GHOST_WIDTH + MARGIN;
      Text.Svg out = new Text.Svg().open("svg", "xmlns", "http://www.w3.org/2000/svg",
          "width", width, "height", bottom, "viewBox", "0 0 " + width + " " + bottom,
          "font-family", "monospace", "font-size", 12).line();
      out.open("defs");
      marker(out, idPrefix + "live", LIVE);
      marker(out, idPrefix + "dangling", DANGLING);
      out.close("defs").line();
      out.rect("width", "100%", "height", "100%", "fill", "white");
      return out.append(body).append(arrows).close("svg").line().toString();
    }

    private static void marker(Text.Svg out, String id, String colour) {
      out.open("marker", "id", id, "markerWidth", 8, "markerHeight", 8, "refX", 7, "refY", 4,
          "orient", "auto").empty("path", "d", "M0,0 L8,4 L0,8 z", "fill", colour)
          .close("marker");
    }

    private void drawBar() {
      HeapMap heap = view.heap();
      Statistics stats = view.statistics();
      text(MARGIN, 20, "bold", "op " + view.op() + ": " + heap.allocatorName() + " allocator, "
          + heap.layout().name() + " layout; heap " + stats.heapBytes() + " bytes, "
          + stats.liveBlocks() + " live blocks holding " + stats.liveBytes() + " bytes, "
          + stats.freeBlocks() + " free blocks holding " + stats.freeBytes() + " bytes");
      text(MARGIN, 38, null, String.format(Locale.ROOT, "utilization %.3f, external"
          + " fragmentation %.3f", stats.utilization(), stats.externalFragmentation()));
      long base = heap.base();
      long span = Math.max(1, heap.end() - base);
      // Bytes allocated per pixel of the bar, then runs of pixels of one shade.
      double[] allocated = new double[BAR_WIDTH];
      double perPixel = (double) span / BAR_WIDTH;
      for (HeapMap.Entry entry : heap.entries()) {
        if (entry.state() != HeapMap.State.ALLOCATED) {
          continue;
        }
        double from = (entry.address() - base) / perPixel;
        double to = (entry.end() - base) / perPixel;
        for (int pixel = (int) from; pixel < Math.min(BAR_WIDTH, Math.ceil(to)); pixel++) {
          allocated[pixel] += Math.min(to, pixel + 1) - Math.max(from, pixel);
        }
      }
      int y = 50;
      rect(MARGIN, y, BAR_WIDTH, 20, "#eeeeee", "#555555", null);
      int runStart = 0;
      int runShade = shade(allocated[0]);
      for (int pixel = 1; pixel <= BAR_WIDTH; pixel++) {
        int shade = pixel < BAR_WIDTH ? shade(allocated[pixel]) : -1;
        if (shade != runShade) {
          if (runShade > 0) {
            rect(MARGIN + runStart, y, pixel - runStart, 20, BAR_SHADES[runShade], null, null);
          }
          runStart = pixel;
          runShade = shade;
        }
      }
      text(MARGIN, y + 34, null, Text.hex(base));
      text(MARGIN + BAR_WIDTH - 90, y + 34, null, Text.hex(heap.end()));
      text(MARGIN + BAR_WIDTH + 10, y + 14, null, "allocated (blue) and free (grey)");
    }

    private static final String[] BAR_SHADES = {"#eeeeee", "#c5d5ee", "#8fb0e0", "#5a89cf",
        "#1f5fbf"};

    private static int shade(double fraction) {
      return fraction <= 0 ? 0 : fraction >= 0.999 ? 4 : 1 + (int) Math.min(2, fraction * 3);
    }

    private int drawStacks(int top) {
      int lowest = top;
      int column = 0;
      for (ModelView.ThreadView thread : view.threads()) {
        int x = MARGIN + column * (STACK_WIDTH + MARGIN);
        int y = top;
        text(x, y, "bold", "thread " + thread.name());
        text(x, y + 15, null, Text.hex(thread.top()) + " down, "
            + (thread.top() - thread.stackPointer()) + "/" + thread.size() + " bytes used");
        y += 23;
        if (thread.frames().isEmpty()) {
          y += ROW;
          text(x + 4, y, "italic", "(no frames)");
        }
        for (ModelView.FrameView frame : thread.frames()) {
          y += 6;
          int frameTop = y;
          y += ROW;
          text(x + 6, y - 5, "bold", frame.function() + " (depth " + frame.depth() + ") at "
              + Text.hex(frame.address()));
          y = row(x, y, "return address", Text.hex(frame.returnAddress()), true, -1);
          y = row(x, y, "saved frame pointer", frame.savedFramePointer() == 0 ? "0"
              : Text.hex(frame.savedFramePointer()), true, -1);
          List<ModelView.SlotView> slots = new ArrayList<>(frame.slots());
          slots.sort((a, b) -> Long.compare(b.address(), a.address()));
          for (ModelView.SlotView slot : slots) {
            String type = slot.type().name().toLowerCase(Locale.ROOT);
            if (slot.type() == FrameLayout.SlotType.BYTES) {
              type = "byte[" + slot.size() + "]";
            }
            String label = overlay.label(slot.address());
            if (label != null) {
              rect(x, y, STACK_WIDTH, ROW, "#f4f4f4", "#bbbbbb", null);
              text(x + 6, y + 13, "bold", label);
              y += ROW;
            }
            slotRows.put(slot.address(), new int[] {x + STACK_WIDTH, y + ROW / 2});
            y = row(x, y, slot.name() + ": " + type, slot.value(), false, slot.address());
          }
          body.rect("x", x, "y", frameTop, "width", STACK_WIDTH, "height", y - frameTop,
              "fill", "none", "stroke", "#333333");
        }
        lowest = Math.max(lowest, y);
        column++;
      }
      return lowest;
    }

    /** One row of a frame; returns the y below it. */
    private int row(int x, int y, String name, String value, boolean linkage, long address) {
      boolean grey = !linkage && overlay.isGreyed(address);
      rect(x, y, STACK_WIDTH, ROW, linkage ? "#e3e3e3" : grey ? "#d6d6d6" : "#ffffff",
          "#bbbbbb", null);
      text(x + 6, y + 13, linkage || grey ? "italic" : null, name);
      // The value gets what the name leaves, and is cut short (with ...) past it.
      int room = (int) ((STACK_WIDTH - 12) / CHARACTER) - name.length() - 1;
      String shown = value.length() <= room ? value
          : value.substring(0, Math.max(0, room - 3)) + "...";
      text(x + STACK_WIDTH - 6, y + 13, null, shown, "end");
      return y + ROW;
    }

    private int drawHeap(int top) {
      HeapMap heap = view.heap();
      int x = heapX;
      int y = top;
      text(x, y, "bold", "heap");
      text(x, y + 15, null, Text.hex(heap.base()) + " up, " + heap.entries().size() + " entries");
      y += 23;
      List<HeapMap.Entry> entries = heap.entries();
      int drawn = Math.min(entries.size(), maxEntries);
      for (int i = 0; i < drawn; i++) {
        HeapMap.Entry entry = entries.get(i);
        String characters = entry.block().map(block -> overlay.bytes(block.address()))
            .orElse(null);
        int height = entry.state() == HeapMap.State.BOOKKEEPING ? 14 : 2 * ROW + 4
            + (characters == null ? 0 : ROW + 4);
        boolean allocated = entry.state() == HeapMap.State.ALLOCATED;
        String fill = allocated ? "#dbe7f7" : entry.state() == HeapMap.State.FREE ? "#d6d6d6"
            : "#9e9e9e";
        rect(x, y, HEAP_WIDTH, height, fill, "#333333", null);
        if (entry.headerBytes() > 0 && height > 14) {
          rect(x, y, HEAP_WIDTH, 5, "#7f7f7f", null, null);
        }
        if (entry.footerBytes() > 0 && height > 14) {
          rect(x, y + height - 5, HEAP_WIDTH, 5, "#7f7f7f", null, null);
        }
        if (height > 14) {
          text(x + 6, y + 18, null, label(entry));
          if (entry.block().isPresent()) {
            HeapBlock block = entry.block().get();
            text(x + 6, y + 31, null, "by " + block.thread()
                + (block.allocationSite().isEmpty() ? ""
                    : " in " + String.join(" <- ", block.allocationSite())) + " at op "
                + block.op());
          } else {
            text(x + 6, y + 31, null, entry.size() + " bytes at " + Text.hex(entry.address()));
          }
          if (characters != null) {
            drawCharacters(x + 6, y + 38, characters);
          }
        } else {
          text(x + 6, y + 11, "italic", entry.role() + ", " + entry.size() + " bytes at "
              + Text.hex(entry.address()));
        }
        heapBoxes.add(new long[] {entry.address(), entry.size(), y, height,
            entry.block().isPresent() ? 1 : 0, entry.block().map(HeapBlock::address).orElse(0L),
            entry.block().map(HeapBlock::size).orElse(0L), characters == null ? 0 : 1});
        y += height;
      }
      if (drawn < entries.size()) {
        long blocks = 0;
        long live = 0;
        long bytes = 0;
        for (HeapMap.Entry entry : entries.subList(drawn, entries.size())) {
          blocks += entry.role().equals("block") ? 1 : 0;
          live += entry.state() == HeapMap.State.ALLOCATED ? 1 : 0;
          bytes += entry.size();
        }
        rect(x, y, HEAP_WIDTH, 2 * ROW, "#f5f5f5", "#333333", "4 3");
        text(x + 6, y + 16, "italic", "... " + (entries.size() - drawn) + " more entries: "
            + blocks + " blocks (" + live + " live), " + bytes + " bytes");
        text(x + 6, y + 30, "italic", "not drawn: more than " + maxEntries + " entries");
        heapBoxes.add(new long[] {entries.get(drawn).address(),
            heap.end() - entries.get(drawn).address(), y, 2 * ROW, 0, 0, 0, 0});
        y += 2 * ROW;
      }
      return y;
    }

    /** Draws a block's bytes as a row of cells with a character each, the book's way. */
    private void drawCharacters(int x, int y, String characters) {
      int cells = Math.min(characters.length(), (HEAP_WIDTH - 12) / CELL);
      for (int i = 0; i < cells; i++) {
        String character = cells < characters.length() && i == cells - 1 ? "\u2026"
            : characters.substring(i, i + 1);
        rect(x + i * CELL, y, CELL, ROW, character.isBlank() ? "#eef3fb" : "#ffffff",
            "#7f9cc7", null);
        body.text(character, "x", x + i * CELL + CELL / 2, "y", y + 13, "text-anchor", "middle");
      }
    }

    private static String label(HeapMap.Entry entry) {
      if (entry.block().isPresent()) {
        HeapBlock block = entry.block().get();
        return "block #" + block.id() + ", " + block.size() + " bytes at "
            + Text.hex(block.address());
      }
      return entry.state() == HeapMap.State.FREE ? "free block" : entry.role();
    }

    /** Draws every arrow; returns the lowest y a ghost reached. */
    private int drawArrows() {
      int ghostY = 140;
      int ghostX = heapX + HEAP_WIDTH + GHOST_GAP;
      for (ModelView.StoredPointer pointer : view.pointers()) {
        int[] from = source(pointer.at());
        if (from == null) {
          continue;
        }
        int[] to = pointer.kind() == Pointer.Kind.HEAP ? heapPoint(pointer.target())
            : slotPoint(pointer.targetStart());
        String colour = pointer.live() ? LIVE : DANGLING;
        String dash = pointer.live() ? null : "6 4";
        if (!pointer.live()) {
          // A ghost of the freed block or popped frame the pointer was derived from.
          to = new int[] {ghostX, ghostY};
          rect(ghostX, ghostY - 14, GHOST_WIDTH, 20, "none", DANGLING, "4 3", arrows);
          arrows.text((pointer.kind() == Pointer.Kind.HEAP ? "freed: " : "popped: ")
              + pointer.description(), "x", ghostX + 6, "y", ghostY, "fill", DANGLING);
          ghostY += 28;
        } else if (to == null) {
          continue;
        }
        int midX = Math.max(from[0], to[0]) + 30;
        arrows.empty("path", "d", "M" + from[0] + "," + from[1] + " C" + midX + "," + from[1]
            + " " + (to[0] - 30) + "," + to[1] + " " + to[0] + "," + to[1], "fill", "none",
            "stroke", colour, "stroke-width", "1.5", "stroke-dasharray", dash, "marker-end",
            "url(#" + idPrefix + (pointer.live() ? "live" : "dangling") + ")").line();
      }
      return ghostY;
    }

    /**
     * Outlines each finding's block or slot with its number, and lists the findings from
     * {@code top}; returns the y below the list.
     */
    private int drawFindings(int top) {
      if (findings.isEmpty()) {
        return top;
      }
      Map<String, Integer> marksAt = new HashMap<>(); // badges already beside a box
      List<List<int[]>> marked = new ArrayList<>();
      for (int i = 0; i < findings.size(); i++) {
        List<int[]> places = markPlaces(findings.get(i));
        marked.add(places);
        for (int[] place : places) {
          String key = place[0] + "," + place[1];
          int before = marksAt.merge(key, 1, Integer::sum) - 1;
          rect(place[0] - 2, place[1] - 2, place[2] + 4, place[3] + 4, "none", FINDING, null,
              arrows);
          int cx = place[0] + place[2] + 12 + 20 * before;
          int cy = place[1] + 10;
          arrows.empty("circle", "cx", cx, "cy", cy, "r", 9, "fill", FINDING).line()
              .text(Integer.toString(i + 1), "x", cx, "y", cy + 4, "fill", "white",
                  "text-anchor", "middle", "font-weight", "bold");
        }
      }
      int y = top + 10;
      text(MARGIN, y, "bold", "findings");
      for (int i = 0; i < findings.size(); i++) {
        Finding finding = findings.get(i);
        String message = finding.message().startsWith(finding.kind()) ? finding.message()
            : finding.kind() + ": " + finding.message();
        String line = (i + 1) + ". " + (marked.get(i).isEmpty() ? "(not drawn, at "
            + Text.hex(finding.address()) + ") " : "") + message;
        List<String> parts = wrap(line, 150);
        for (int k = 0; k < parts.size(); k++) {
          y += 16;
          text(MARGIN + (k == 0 ? 0 : 24), y, null, parts.get(k));
        }
      }
      return y + 20;
    }

    /**
     * {@return the boxes to outline for a finding (x, y, width, height each)} The stack slots and
     * live blocks its bytes overlap; failing those, whatever holds its first byte; else none.
     */
    private List<int[]> markPlaces(Finding finding) {
      long from = finding.address();
      long to = from + finding.length();
      List<int[]> places = new ArrayList<>();
      for (ModelView.ThreadView thread : view.threads()) {
        for (ModelView.FrameView frame : thread.frames()) {
          for (ModelView.SlotView slot : frame.slots()) {
            int[] row = slotRows.get(slot.address());
            if (row != null && from < slot.address() + slot.size() && slot.address() < to) {
              places.add(new int[] {row[0] - STACK_WIDTH, row[1] - ROW / 2, STACK_WIDTH, ROW});
            }
          }
        }
      }
      for (long[] box : heapBoxes) {
        if (box[4] == 1 && from < box[5] + Math.max(1, box[6]) && box[5] < to) {
          places.add(new int[] {heapX, (int) box[2], HEAP_WIDTH, (int) box[3]});
        }
      }
      if (places.isEmpty()) {
        long[] box = box(from);
        if (box != null) {
          places.add(new int[] {heapX, (int) box[2], HEAP_WIDTH, (int) box[3]});
        }
      }
      return places;
    }

    private static List<String> wrap(String line, int width) {
      List<String> parts = new ArrayList<>();
      String rest = line;
      while (rest.length() > width) {
        int cut = rest.lastIndexOf(' ', width);
        cut = cut <= 0 ? width : cut;
        parts.add(rest.substring(0, cut));
        rest = rest.substring(cut).strip();
      }
      parts.add(rest);
      return parts;
    }

    /** {@return where an arrow from a pointer stored at {@code at} starts, or null} */
    private int[] source(long at) {
      int[] slot = slotRows.get(at);
      if (slot != null) {
        return slot;
      }
      long[] box = box(at);
      return box == null ? null : new int[] {heapX + HEAP_WIDTH, (int) box[2] + ROW};
    }

    /** {@return the point on the heap column's left edge for {@code address}: its byte's place} */
    private int[] heapPoint(long address) {
      long[] box = box(address);
      if (box == null) {
        return null;
      }
      long cell = address - box[5];
      if (box[7] == 1 && cell >= 0 && cell < Math.min(box[6], (HEAP_WIDTH - 12) / CELL)) {
        // Into the byte's own cell, where a block's bytes are drawn as characters.
        return new int[] {heapX + 6 + (int) cell * CELL, (int) box[2] + 38 + ROW / 2};
      }
      long inside = (address - box[0]) * (box[3] - 10) / Math.max(1, box[1]);
      return new int[] {heapX, (int) (box[2] + 5 + inside)};
    }

    private int[] slotPoint(long address) {
      int[] row = slotRows.get(address);
      return row == null ? null : new int[] {row[0] - STACK_WIDTH, row[1]};
    }

    private long[] box(long address) {
      int low = 0;
      int high = heapBoxes.size() - 1;
      while (low <= high) {
        int middle = (low + high) >>> 1;
        long[] box = heapBoxes.get(middle);
        if (address < box[0]) {
          high = middle - 1;
        } else if (address >= box[0] + box[1]) {
          low = middle + 1;
        } else {
          return box;
        }
      }
      return null;
    }

    private void rect(int x, int y, int width, int height, String fill, String stroke,
        String dash) {
      rect(x, y, width, height, fill, stroke, dash, body);
    }

    private static void rect(int x, int y, int width, int height, String fill, String stroke,
        String dash, Text.Svg out) {
      out.rect("x", x, "y", y, "width", width, "height", height, "fill", fill, "stroke", stroke,
          "stroke-dasharray", dash);
    }

    private void text(int x, int y, String style, String content) {
      text(x, y, style, content, null);
    }

    private void text(int x, int y, String style, String content, String anchor) {
      body.text(content, "x", x, "y", y, "font-weight", "bold".equals(style) ? "bold" : null,
          "font-style", "italic".equals(style) ? "italic" : null, "text-anchor", anchor);
    }
  }

  /**
   * {@return the state as one JSON object of schema {@value #SCHEMA}: {@code schema}, {@code op},
   * {@code allocator}, {@code layout}, {@code statistics}, {@code threads} (each with {@code
   * frames}, each with {@code slots}), {@code heap} (with {@code entries}, each with its live
   * {@code block}) and {@code pointers}}
   *
   * @param view the state, from {@link MemoryModel#view()}
   */
  public static String json(ModelView view) {
    return json(view, List.of());
  }

  /**
   * {@return the state as JSON, as {@link #json(ModelView)} writes it, with the findings in a
   * last member {@code findings}: each with {@code kind}, {@code address}, {@code length} and
   * {@code message}} Without findings the member is left out.
   *
   * @param view the state, from {@link MemoryModel#view()}
   * @param findings what tools found
   */
  public static String json(ModelView view, List<Finding> findings) {
    Text.Json out = new Text.Json();
    HeapMap heap = view.heap();
    Statistics s = view.statistics();
    out.beginObject().name("schema").value(SCHEMA).name("op").value(view.op())
        .name("allocator").value(heap.allocatorName())
        .name("layout").value(heap.layout().name())
        .name("statistics").beginObject().name("liveBytes").value(s.liveBytes())
        .name("liveBlocks").value(s.liveBlocks())
        .name("heapBytes").value(s.heapBytes())
        .name("freeBlocks").value(s.freeBlocks())
        .name("freeBytes").value(s.freeBytes())
        .name("utilization").value(s.utilization(), 6)
        .name("externalFragmentation").value(s.externalFragmentation(), 6)
        .endObject().name("threads").beginArray();
    for (ModelView.ThreadView thread : view.threads()) {
      out.beginObject().name("name").value(thread.name()).name("top").value(thread.top())
          .name("stackPointer").value(thread.stackPointer()).name("size").value(thread.size())
          .name("frames").beginArray();
      for (ModelView.FrameView frame : thread.frames()) {
        out.beginObject().name("function").value(frame.function())
            .name("depth").value(frame.depth()).name("address").value(frame.address())
            .name("size").value(frame.size()).name("framePointer").value(frame.framePointer())
            .name("savedFramePointer").value(frame.savedFramePointer())
            .name("returnAddress").value(frame.returnAddress()).name("slots").beginArray();
        for (ModelView.SlotView slot : frame.slots()) {
          out.beginObject().name("name").value(slot.name())
              .name("type").value(slot.type().name().toLowerCase(Locale.ROOT))
              .name("address").value(slot.address()).name("size").value(slot.size())
              .name("value").value(slot.value()).endObject();
        }
        out.endArray().endObject();
      }
      out.endArray().endObject();
    }
    out.endArray().name("heap").beginObject().name("base").value(heap.base())
        .name("end").value(heap.end()).name("limit").value(heap.limit())
        .name("entries").beginArray();
    for (HeapMap.Entry entry : heap.entries()) {
      out.beginObject().name("address").value(entry.address()).name("size").value(entry.size())
          .name("state").value(entry.state().name().toLowerCase(Locale.ROOT))
          .name("role").value(entry.role()).name("headerBytes").value(entry.headerBytes())
          .name("footerBytes").value(entry.footerBytes());
      entry.block().ifPresent(block -> {
        out.name("block").beginObject().name("id").value(block.id())
            .name("address").value(block.address()).name("size").value(block.size())
            .name("thread").value(block.thread()).name("op").value(block.op())
            .name("site").beginArray();
        block.allocationSite().forEach(out::value);
        out.endArray().endObject();
      });
      out.endObject();
    }
    out.endArray().endObject().name("pointers").beginArray();
    for (ModelView.StoredPointer pointer : view.pointers()) {
      out.beginObject().name("at").value(pointer.at()).name("target").value(pointer.target())
          .name("kind").value(pointer.kind().name().toLowerCase(Locale.ROOT))
          .name("live").value(pointer.live()).name("targetStart").value(pointer.targetStart())
          .name("targetSize").value(pointer.targetSize())
          .name("description").value(pointer.description()).endObject();
    }
    out.endArray();
    if (!findings.isEmpty()) {
      out.name("findings").beginArray();
      for (Finding finding : findings) {
        out.beginObject().name("kind").value(finding.kind())
            .name("address").value(finding.address()).name("length").value(finding.length())
            .name("message").value(finding.message()).endObject();
      }
      out.endArray();
    }
    return out.endObject().toString();
  }

}
