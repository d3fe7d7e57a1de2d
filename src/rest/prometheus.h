// A writer of the Prometheus text exposition format (version 0.0.4), used by /metrics.
//
// Each metric family is introduced once with "# HELP" and "# TYPE" lines, followed by its
// samples; label values are escaped (backslash, double quote, newline) as the format
// requires and numbers are printed in their shortest exact form ("NaN", "+Inf", "-Inf"
// for the special values). Names are checked against the format's grammar (asserted:
// they are constants in our code, never input).
//
// Thread safety: a writer is a local value; one thread at a time.
#ifndef BITNODE_REST_PROMETHEUS_H
#define BITNODE_REST_PROMETHEUS_H

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rest {

/** Content-Type of the text format. */
inline constexpr std::string_view PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

using PrometheusLabels = std::vector<std::pair<std::string, std::string>>;

class PrometheusWriter
{
public:
    /** Start a family: type is "gauge", "counter", "summary", "histogram" or "untyped". */
    void Family(std::string_view name, std::string_view help, std::string_view type);
    /** One sample; `name` may extend the family's (e.g. "_sum", "_count", "_bucket"). */
    void Sample(std::string_view name, const PrometheusLabels& labels, double value);
    void Sample(std::string_view name, double value) { Sample(name, {}, value); }

    /** A family with a single unlabelled sample. */
    void Gauge(std::string_view name, std::string_view help, double value);
    void Counter(std::string_view name, std::string_view help, double value);

    const std::string& Text() const { return m_text; }

private:
    std::string m_text;
};

/** Whether `name` is a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*). */
bool IsValidMetricName(std::string_view name);
/** Whether `name` is a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"). */
bool IsValidLabelName(std::string_view name);
/** A number as the text format prints it. */
std::string FormatPrometheusValue(double value);

} // namespace rest

#endif // BITNODE_REST_PROMETHEUS_H
