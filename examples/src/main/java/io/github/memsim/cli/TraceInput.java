package io.github.memsim.cli;

import io.github.memsim.internal.Text;
import io.github.memsim.trace.TraceFormat;
import io.github.memsim.trace.TraceImport;
import io.github.memsim.trace.TraceReader;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A trace argument of replay, compare and draw, opened as often as a command needs it: a
 * {@code .rep} file (plain or gzip), a recording of a real program (Valgrind log, heaptrack file,
 * mtrace log: recognized by its first line and converted once, streaming, to a temporary trace),
 * {@code -} for standard input (copied once to a temporary file), or a bundled trace's name.
 * Every {@link #open()} reads the trace anew as a stream, so no command holds a trace's
 * operations in memory.
 */
final class TraceInput {
  /** zstd's magic number, which heaptrack's files start with when zstd is installed. */
  private static final byte[] ZSTD = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD};

  private final String name;
  /** The trace file to read, or null for a bundled trace. */
  private final Path file;
  /** The recording's tool when the argument was one, for messages. */
  private final String recordedWith;

  private TraceInput(String name, Path file, String recordedWith) {
    this.name = name;
    this.file = file;
    this.recordedWith = recordedWith;
  }

  /** {@return the trace's name for reports} */
  String name() {
    return name;
  }

  /** {@return the tool the argument was recorded with, or null for a trace} */
  String recordedWith() {
    return recordedWith;
  }

  /**
   * Opens the trace, positioned before its first operation.
   *
   * @throws IOException if it cannot be read, or its header is not valid
   */
  TraceReader open() throws IOException {
    if (file == null) {
      InputStream in = TraceFormat.class.getResourceAsStream(name);
      if (in == null) {
        throw new IllegalStateException("bundled trace " + name + " is missing from the jar");
      }
      return TraceReader.open(name, in);
    }
    InputStream in = Files.newInputStream(file);
    try {
      return TraceReader.open(name, in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Resolves a trace argument.
   *
   * @throws IOException if there is no such file or bundled trace, or a recording is malformed
   */
  static TraceInput of(String argument) throws IOException {
    if (argument.equals("-")) {
      Path copy = Files.createTempFile("memsim-stdin", ".rep");
      copy.toFile().deleteOnExit();
      Files.copy(System.in, copy, StandardCopyOption.REPLACE_EXISTING);
      return ofFile("stdin", copy);
    }
    Path path = Path.of(argument);
    if (Files.isDirectory(path)) {
      throw new IOException("cannot read trace '" + Text.shown(argument)
            + "': it is a directory");
    }
    if (Files.isRegularFile(path)) {
      if (!Files.isReadable(path)) {
        throw new IOException("cannot read trace '" + Text.shown(argument)
            + "': permission denied");
      }
      return ofFile(path.getFileName().toString(), path);
    }
    String base = argument.endsWith(".rep") ? argument.substring(0, argument.length() - 4)
        : argument;
    if (!argument.contains("/") && TraceFormat.bundled().contains(base)) {
      return new TraceInput(base + ".rep", null, null);
    }
    throw new IOException("cannot read trace '" + Text.shown(argument) + "': no such file, and"
        + " no bundled trace of that name (bundled: " + String.join(", ", TraceFormat.bundled())
        + ")");
  }

  private static TraceInput ofFile(String name, Path file) throws IOException {
    Optional<TraceImport> recording = detect(file);
    if (recording.isEmpty()) {
      return new TraceInput(name, file, null);
    }
    Path converted = Files.createTempFile("memsim-recording", ".rep");
    converted.toFile().deleteOnExit();
    try (Writer out = Files.newBufferedWriter(converted, StandardCharsets.US_ASCII)) {
      recording.get().convert(name, () -> bytes(file), out, Map.of());
    }
    return new TraceInput(name, converted, recording.get().toolName());
  }

  /** {@return the recording format of a file, from its first line, or empty for a trace} */
  static Optional<TraceImport> detect(Path file) throws IOException {
    try (InputStream in = bytes(file)) {
      byte[] head = in.readNBytes(2);
      InputStream rest = in;
      if (head.length == 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b) {
        try (InputStream again = Files.newInputStream(file)) {
          return detect(new GZIPInputStream(again));
        } catch (EOFException | ZipException e) {
          // Damaged or cut short: the trace reader says so, naming the line.
          return Optional.empty();
        }
      }
      return detect(new SequenceInputStream(new ByteArrayInputStream(head),
          rest));
    }
  }

  private static Optional<TraceImport> detect(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in,
        StandardCharsets.ISO_8859_1));
    // The first line, or its first 4096 characters: a binary file has no line to wait for.
    StringBuilder line = new StringBuilder();
    int c;
    while (line.length() < 4096 && (c = reader.read()) >= 0 && c != '\n' && c != '\r') {
      line.append((char) c);
    }
    return TraceImport.detect(line.toString());
  }

  /**
   * {@return a file's bytes, with zstd's compression undone by the {@code zstd} program (there
   * is no zstd decoder in the JDK): heaptrack compresses with it when it is installed}
   */
  static InputStream bytes(Path file) throws IOException {
    byte[] magic;
    try (InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(ZSTD.length);
    }
    if (!Arrays.equals(magic, ZSTD)) {
      return Files.newInputStream(file);
    }
    Process process;
    try {
      process = new ProcessBuilder("zstd", "-dcq", "--", file.toString())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IOException(Text.shown(file.toString()) + " is zstd-compressed (as heaptrack"
          + " writes it) and there is no zstd program to read it: install the Debian package"
          + " zstd", e);
    }
    return new Decompressed(process, file);
  }

  /** zstd's output; closing it checks that zstd read the whole file, when all was read. */
  private static final class Decompressed extends FilterInputStream {
    private final Process process;
    private final Path file;
    private boolean ended;

    Decompressed(Process process, Path file) {
      super(process.getInputStream());
      this.process = process;
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      ended |= b < 0;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      ended |= n < 0;
      return n;
    }

    @Override
    public void close() throws IOException {
      super.close();
      if (!ended) {
        // Only the start was wanted (to recognize the format): zstd may stop now.
        process.destroy();
        return;
      }
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroy();
          throw new IOException(Text.shown(file.toString()) + ": zstd did not finish");
        }
        if (process.exitValue() != 0) {
          throw new IOException(Text.shown(file.toString()) + ": zstd cannot decompress it"
              + " (exit " + process.exitValue() + "): is it cut short or damaged?");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroy();
      }
    }
  }
}
