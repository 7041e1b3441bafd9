#include "cli/timeline_svg.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/timeline_model.h"
#include "nlohmann/json.hpp"

namespace paysim {
namespace cli {
namespace {

// Geometry, in pixels. Text is 10 px DejaVu Sans Mono (0.6 em a character), titles 14 px.
constexpr double kCharWidth = 6.02;
constexpr double kTitleCharWidth = 8.5;
constexpr int kMargin = 16;
constexpr int kTitleHeight = 30;
constexpr int kHeaderHeight = 34;  // the times above the columns, and the jump labels
constexpr int kLabelWidth = 250;   // the lanes' names
constexpr int kMinColumnWidth = 96;
constexpr int kMinGapWidth = 40;
constexpr int kRequestRowHeight = 34;
constexpr int kLaneBase = 44;  // a lane whose columns hold one event at most
constexpr int kEventLine = 13;
constexpr int kBarTop = 16;  // within a lane
constexpr int kBarHeight = 14;
constexpr int kLegendLine = 15;
constexpr size_t kLegendChars = 150;  // a longer legend line is cut, with an ellipsis

constexpr char kStyle[] =
    "text{font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:10px;fill:#222}"
    ".title{font-size:14px;font-weight:bold}.dim{fill:#666}.small{font-size:9px}"
    ".ok{fill:#2e7d32}.err{fill:#c62828}.jump{fill:#555;font-style:italic}"
    ".badge-ok{fill:#e3f2e5;stroke:#2e7d32}.badge-err{fill:#fbe3e3;stroke:#c62828}"
    ".s-good{fill:#cdebd3;stroke:#2e7d32}.s-wait{fill:#fff0c2;stroke:#b28704}"
    ".s-fail{fill:#f6d5d5;stroke:#c62828}.s-done{fill:#e6e6e6;stroke:#757575}"
    ".s-none{fill:#f2f2f2;stroke:#bdbdbd}.sep{stroke:#e0e0e0}.mark{fill:#222}";

int TextWidth(size_t chars, double char_width = kCharWidth) {
  return static_cast<int>(std::ceil(static_cast<double>(chars) * char_width));
}

std::string Escape(absl::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The colour class of a state.
absl::string_view StateClass(absl::string_view label) {
  if (label.empty()) return "s-none";
  for (absl::string_view good :
       {"succeeded", "complete", "paid", "available", "active", "attached", "captured"}) {
    if (label == good) return "s-good";
  }
  if (label == "failed" || label == "canceled") return "s-fail";
  for (absl::string_view done : {"expired", "released", "inactive", "archived", "detached"}) {
    if (label == done) return "s-done";
  }
  if (absl::EndsWith(label, ": true")) return "s-done";  // used, deleted
  return "s-wait";
}

// `text` in at most `chars` bytes: the middle of a longer one becomes "…" (never inside a
// UTF-8 sequence).
std::string Shorten(absl::string_view text, size_t chars) {
  if (text.size() <= chars) return std::string(text);
  auto continuation = [&](size_t i) {
    return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  size_t head = (chars - 1) / 2;
  size_t tail_start = text.size() - (chars - 1 - head);
  while (head > 0 && continuation(head)) --head;
  while (tail_start < text.size() && continuation(tail_start)) ++tail_start;
  return absl::StrCat(text.substr(0, head), "…", text.substr(tail_start));
}

std::string Text(int x, int y, absl::string_view text, absl::string_view attributes = "") {
  return absl::StrCat("<text x=\"", x, "\" y=\"", y, "\"", attributes.empty() ? "" : " ",
                      attributes, ">", Escape(text), "</text>\n");
}

std::string Rect(int x, int y, int w, int h, absl::string_view attributes) {
  return absl::StrCat("<rect x=\"", x, "\" y=\"", y, "\" width=\"", w, "\" height=\"", h, "\" ",
                      attributes, "/>\n");
}

// "→ 200 ch_... succeeded", "→ 400 charge_expired_for_capture": what a step answered.
std::string Outcome(const testing::ScenarioStepRecord& step) {
  if (step.advance) {
    std::string events;
    for (const std::string& text : step.events) {
      const nlohmann::json e = nlohmann::json::parse(text, nullptr, false);
      if (e.is_object()) absl::StrAppend(&events, events.empty() ? "" : ", ", e.value("type", ""));
    }
    return events.empty() ? "" : absl::StrCat("→ ", events);
  }
  std::string out = absl::StrCat("→ ", step.status);
  const nlohmann::json r = nlohmann::json::parse(step.response, nullptr, false);
  if (!r.is_object()) return out;
  if (auto e = r.find("error"); e != r.end() && e->is_object()) {
    absl::StrAppend(&out, " ", e->value("code", e->value("type", "")));
    return out;
  }
  if (auto id = r.find("id"); id != r.end() && id->is_string()) {
    absl::StrAppend(&out, " ", id->get<std::string>());
  }
  if (auto s = r.find("status"); s != r.end() && s->is_string()) {
    absl::StrAppend(&out, " ", s->get<std::string>());
  }
  return out;
}

struct Layout {
  std::vector<int> column_x, column_width, gap_x, gap_width;  // gap_x[i] < 0: no gap before i
  std::vector<int> lane_y, lane_height;
  int chart_left = 0, chart_right = 0, header_y = 0, request_y = 0, lanes_bottom = 0;
};

Layout Place(const TimelineModel& model) {
  Layout l;
  const size_t n = model.columns.size();
  l.header_y = kMargin + kTitleHeight;
  l.request_y = l.header_y + kHeaderHeight;
  l.chart_left = kMargin + kLabelWidth;
  int x = l.chart_left;
  for (size_t c = 0; c < n; ++c) {
    const TimelineColumn& column = model.columns[c];
    int gap = -1, gap_width = 0;
    if (c > 0 && column.time > model.columns[c - 1].time) {
      gap = x;
      gap_width = std::max(
          kMinGapWidth, TextWidth(JumpLabel(column.time - model.columns[c - 1].time).size()) + 12);
      x += gap_width;
    }
    int width = std::max(kMinColumnWidth, TextWidth(8) + 16);
    for (const TimelineEvent& e : column.events)
      width = std::max(width, TextWidth(e.type.size()) + 16);
    l.gap_x.push_back(gap);
    l.gap_width.push_back(gap_width);
    l.column_x.push_back(x);
    l.column_width.push_back(width);
    x += width;
  }
  l.chart_right = x + 8;
  int y = l.request_y + kRequestRowHeight;
  for (size_t lane = 0; lane < model.lanes.size(); ++lane) {
    size_t most = 1;
    for (const TimelineColumn& column : model.columns) {
      size_t count = 0;
      for (const TimelineEvent& e : column.events) count += e.lane == lane ? 1 : 0;
      most = std::max(most, count);
    }
    l.lane_y.push_back(y);
    l.lane_height.push_back(kLaneBase + kEventLine * static_cast<int>(most - 1));
    y += l.lane_height.back();
  }
  l.lanes_bottom = y;
  return l;
}

int Center(const Layout& l, size_t column) {
  return l.column_x[column] + l.column_width[column] / 2;
}

}  // namespace

TimelineSvg DrawTimeline(absl::string_view title,
                         const std::vector<testing::ScenarioStepRecord>& steps) {
  const TimelineModel model = BuildTimeline(steps);
  const Layout l = Place(model);
  std::string body;

  // Jumps of the clock: a hatched band through every row, labelled in the header.
  for (size_t c = 0; c < model.columns.size(); ++c) {
    if (l.gap_x[c] < 0) continue;
    body += Rect(l.gap_x[c] + 4, l.header_y, l.gap_width[c] - 8, l.lanes_bottom - l.header_y,
                 "fill=\"url(#hatch)\"");
    body += Text(l.gap_x[c] + l.gap_width[c] / 2, l.header_y + 12,
                 JumpLabel(model.columns[c].time - model.columns[c - 1].time),
                 "class=\"jump\" text-anchor=\"middle\"");
  }
  // Times above the columns, where they change.
  for (size_t c = 0; c < model.columns.size(); ++c) {
    if (c > 0 && model.columns[c].time == model.columns[c - 1].time) continue;
    const std::string when = DayTime(model.columns[c].time, model.start);  // "day 7 00:00:00"
    const size_t space = when.rfind(' ');
    body += Text(Center(l, c), l.header_y + 12, when.substr(0, space), "text-anchor=\"middle\"");
    body += Text(Center(l, c), l.header_y + 25, when.substr(space + 1),
                 "class=\"dim\" text-anchor=\"middle\"");
  }
  // Requests.
  body += Text(kMargin, l.request_y + 20, "requests", "class=\"dim\"");
  for (size_t c = 0; c < model.columns.size(); ++c) {
    const TimelineColumn& column = model.columns[c];
    if (column.step == 0) continue;
    const bool ok = column.status >= 200 && column.status < 300;
    const std::string badge = absl::StrCat("#", column.step, " ", column.status);
    const int w = TextWidth(badge.size()) + 10;
    absl::StrAppend(
        &body, "<g><title>", Escape(column.action), "</title>\n",
        Rect(Center(l, c) - w / 2, l.request_y + 7, w, 18,
             ok ? "rx=\"4\" class=\"badge-ok\"" : "rx=\"4\" class=\"badge-err\""),
        Text(Center(l, c), l.request_y + 20, badge,
             ok ? "class=\"ok\" text-anchor=\"middle\"" : "class=\"err\" text-anchor=\"middle\""),
        "</g>\n");
  }
  // Lanes: name, state bar, requests that named the object, events.
  for (size_t lane = 0; lane < model.lanes.size(); ++lane) {
    const TimelineLane& object = model.lanes[lane];
    const int y = l.lane_y[lane];
    const int bar = y + kBarTop;
    absl::StrAppend(&body, "<line x1=\"", kMargin, "\" y1=\"", y, "\" x2=\"", l.chart_right,
                    "\" y2=\"", y, "\" class=\"sep\"/>\n");
    body += Text(kMargin, bar + 2, object.object, "class=\"dim\"");
    const size_t id_chars = static_cast<size_t>((kLabelWidth - 12) / kCharWidth);
    absl::StrAppend(&body, "<g><title>", Escape(object.id), "</title>",
                    Text(kMargin, bar + 14, Shorten(object.id, id_chars)), "</g>\n");
    for (size_t s = 0; s < object.states.size(); ++s) {
      const int from = Center(l, object.states[s].column);
      const int to =
          s + 1 < object.states.size() ? Center(l, object.states[s + 1].column) : l.chart_right;
      const std::string& label = object.states[s].label;
      body +=
          Rect(from, bar, to - from, kBarHeight, absl::StrCat("class=\"", StateClass(label), "\""));
      if (TextWidth(label.size()) + 18 <= to - from) body += Text(from + 10, bar + 10, label);
    }
    for (size_t c = 0; c < model.columns.size(); ++c) {
      const TimelineColumn& column = model.columns[c];
      if (std::find(column.touched.begin(), column.touched.end(), lane) != column.touched.end()) {
        const bool ok = column.status >= 200 && column.status < 300;
        body += Text(Center(l, c), bar - 3,
                     ok ? absl::StrCat("#", column.step)
                        : absl::StrCat("#", column.step, " ", column.status),
                     ok ? "class=\"small dim\" text-anchor=\"middle\""
                        : "class=\"small err\" text-anchor=\"middle\"");
      }
      int line = 0;
      for (const TimelineEvent& e : column.events) {
        if (e.lane != lane) continue;
        const int cx = Center(l, c), cy = bar + kBarHeight / 2;
        if (line == 0) {
          absl::StrAppend(&body, "<path d=\"M", cx, " ", cy - 6, "L", cx + 6, " ", cy, "L", cx, " ",
                          cy + 6, "L", cx - 6, " ", cy, "Z\" class=\"mark\"/>\n");
        }
        body +=
            Text(cx, bar + kBarHeight + 12 + kEventLine * line++, e.type, "text-anchor=\"middle\"");
      }
    }
  }

  // The legend: every step.
  const int legend_y = l.lanes_bottom + 14;
  int legend_width = 0;
  std::string legend = Text(kMargin, legend_y + 12, "steps", "class=\"dim\"");
  for (size_t i = 0; i < steps.size(); ++i) {
    const testing::ScenarioStepRecord& step = steps[i];
    const std::string line = Shorten(
        absl::StrCat("#", step.number, (step.number < 10 ? "  " : " "),
                     DayTime(step.after, model.start), "  ", step.action, "  ", Outcome(step)),
        kLegendChars);
    legend_width = std::max(legend_width, TextWidth(line.size()));
    legend += Text(kMargin, legend_y + 12 + kLegendLine * static_cast<int>(i + 1), line);
  }

  TimelineSvg svg;
  svg.width = std::max({l.chart_right + kMargin, 2 * kMargin + legend_width,
                        2 * kMargin + TextWidth(title.size(), kTitleCharWidth)});
  svg.height = legend_y + 12 + kLegendLine * static_cast<int>(steps.size()) + kMargin;
  svg.text = absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", svg.width, "\" height=\"", svg.height,
      "\" viewBox=\"0 0 ", svg.width, " ", svg.height, "\">\n", "<title>", Escape(title),
      "</title>\n", "<style>", kStyle, "</style>\n",
      "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fafafa\"/>"
      "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d0d0d0\" stroke-width=\"2\"/>"
      "</pattern></defs>\n",
      Rect(0, 0, svg.width, svg.height, "fill=\"#ffffff\""),
      Text(kMargin, kMargin + 14, title, "class=\"title\""), body, legend, "</svg>\n");
  return svg;
}

}  // namespace cli
}  // namespace paysim
