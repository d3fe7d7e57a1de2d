#include <rest/prometheus.h>

#include <cassert>
#include <charconv>
#include <cmath>

namespace rest {

namespace {

bool IsNameChar(char c, bool first, bool allow_colon)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
    if (allow_colon && c == ':') return true;
    return !first && c >= '0' && c <= '9';
}

void AppendEscaped(std::string& out, std::string_view text, bool escape_quote)
{
    for (const char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && escape_quote) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}

} // namespace

bool IsValidMetricName(std::string_view name)
{
    if (name.empty()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
        if (!IsNameChar(name[i], i == 0, /*allow_colon=*/true)) return false;
    }
    return true;
}

bool IsValidLabelName(std::string_view name)
{
    if (name.empty() || name.starts_with("__")) return false;
    for (size_t i = 0; i < name.size(); ++i) {
        if (!IsNameChar(name[i], i == 0, /*allow_colon=*/false)) return false;
    }
    return true;
}

std::string FormatPrometheusValue(double value)
{
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    return std::string(buffer, result.ptr);
}

void PrometheusWriter::Family(std::string_view name, std::string_view help, std::string_view type)
{
    assert(IsValidMetricName(name));
    m_text += "# HELP ";
    m_text += name;
    m_text += ' ';
    AppendEscaped(m_text, help, /*escape_quote=*/false);
    m_text += "\n# TYPE ";
    m_text += name;
    m_text += ' ';
    m_text += type;
    m_text += '\n';
}

void PrometheusWriter::Sample(std::string_view name, const PrometheusLabels& labels, double value)
{
    assert(IsValidMetricName(name));
    m_text += name;
    if (!labels.empty()) {
        m_text += '{';
        bool first = true;
        for (const auto& [label, label_value] : labels) {
            assert(IsValidLabelName(label));
            if (!first) m_text += ',';
            first = false;
            m_text += label;
            m_text += "=\"";
            AppendEscaped(m_text, label_value, /*escape_quote=*/true);
            m_text += '"';
        }
        m_text += '}';
    }
    m_text += ' ';
    m_text += FormatPrometheusValue(value);
    m_text += '\n';
}

void PrometheusWriter::Gauge(std::string_view name, std::string_view help, double value)
{
    Family(name, help, "gauge");
    Sample(name, value);
}

void PrometheusWriter::Counter(std::string_view name, std::string_view help, double value)
{
    Family(name, help, "counter");
    Sample(name, value);
}

} // namespace rest
