package io.github.memsim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

/** The one text helper: each output's escaping, and the JSON and SVG writers. */
class TextTest {
  @Test
  void jsonIsAsciiWhateverTheText() {
    assertThat(Text.json("a\"b\\c\n\u00e9\u20ac\u0007")).isEqualTo(
        "\"a\\\"b\\\\c\\u000a\\u00e9\\u20ac\\u0007\"");
  }

  @Test
  void xmlEscapesMarkupAndReplacesWhatXmlForbids() {
    assertThat(Text.xml("<a href=\"x\">&</a>")).isEqualTo(
        "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    assertThat(Text.xml("tab\there\nnew")).isEqualTo("tab here new");
    assertThat(Text.xml("bell\u0007 end\uffff \ufffe \ud800 ok")).isEqualTo(
        "bell\ufffd end\ufffd \ufffd \ufffd ok");
    assertThat(Text.xml("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
  }

  @Test
  void escapedTextHoldsOnlyCharactersXmlAllowsAndNoMarkup() {
    // An XML parser checks the SVG in the examples' tests; core's module does not read java.xml.
    qt().withExamples(300).forAll(strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert(text -> {
          String escaped = Text.xml(text);
          assertThat(escaped).doesNotContain("<", ">", "\"");
          assertThat(escaped.replaceAll("&(lt|gt|amp|quot);", "")).doesNotContain("&");
          for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (Character.isHighSurrogate(c)) {
              assertThat(Character.isLowSurrogate(escaped.charAt(++i))).isTrue();
            } else {
              assertThat(c >= 0x20 && c != 0xfffe && c != 0xffff && !Character.isSurrogate(c))
                  .as("U+%04X", (int) c).isTrue();
            }
          }
        });
  }

  @Test
  void printableShowsControlCharactersAsEscapes() {
    assertThat(Text.printable("plain text \u00e9")).isEqualTo("plain text \u00e9");
    assertThat(Text.printable("\u001b[31mred\u001b[0m\r\n\u009b\u202e"))
        .isEqualTo("\\u001b[31mred\\u001b[0m\\u000d\\u000a\\u009b\\u202e");
  }

  @Test
  void cutSaysHowMuchItLeftOut() {
    assertThat(Text.cut("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Text.cut("abcdefghij", 3)).isEqualTo("abc... (7 more characters)");
    assertThat(Text.shown("x".repeat(5_000_000) + "\u001b")).isEqualTo(
        "x".repeat(Text.SHOWN_LENGTH) + "... (4999921 more characters)");
    assertThat(Text.shown("a\u001bb")).isEqualTo("a\\u001bb");
  }

  @Test
  void csvQuotesAndGuardsFormulas() {
    assertThat(Text.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(Text.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Text.csv("-1.5")).isEqualTo("-1.5");
    assertThat(Text.csvText("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(Text.csvText("+1")).isEqualTo("'+1");
    assertThat(Text.csvText("-x")).isEqualTo("'-x");
    assertThat(Text.csvText("@sum")).isEqualTo("'@sum");
    assertThat(Text.csvText("first-fit")).isEqualTo("first-fit");
  }

  @Test
  void jsonWriterPlacesTheCommas() {
    String doc = new Text.Json().beginObject().name("a").value(1).name("b").beginArray()
        .value("x").value(true).beginObject().endObject().raw("{\"c\":2}").endArray()
        .name("d").value(0.25, 2).endObject().toString();
    assertThat(doc).isEqualTo("{\"a\":1,\"b\":[\"x\",true,{},{\"c\":2}],\"d\":0.25}");
  }

  @Test
  void svgWriterWritesAttributesInOrderAndLeavesNullsOut() {
    Text.Svg svg = new Text.Svg().rect("x", 1, "y", 2L, "fill", "#fff", "stroke", null)
        .rect("width", 1.25).text("a<b", "x", 3);
    assertThat(svg.toString()).isEqualTo("<rect x=\"1\" y=\"2\" fill=\"#fff\"/>\n"
        + "<rect width=\"1.3\"/>\n<text x=\"3\">a&lt;b</text>\n");
    assertThatThrownBy(() -> new Text.Svg().rect("x")).isInstanceOf(
        IllegalArgumentException.class).hasMessage("attributes come in pairs, not 1");
  }
}
