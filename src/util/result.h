// Result<T>: a value or an error message a person can act on.
//
// Used for user and I/O errors (DESIGN.md "Errors"). Consensus failures use
// validation states instead, and malformed wire data throws.
#ifndef BITNODE_UTIL_RESULT_H
#define BITNODE_UTIL_RESULT_H

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace util {

/** The error side of a Result: a human-readable message. */
struct Error {
    std::string message;
};

template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const { return m_state.index() == 0; }
    explicit operator bool() const { return has_value(); }

    const T& value() const& { assert(has_value()); return std::get<0>(m_state); }
    T& value() & { assert(has_value()); return std::get<0>(m_state); }
    T&& value() && { assert(has_value()); return std::get<0>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const std::string& error() const { assert(!has_value()); return std::get<1>(m_state).message; }

private:
    std::variant<T, Error> m_state;
};

/** Result of an operation with no value. */
template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error.message)), m_failed(true) {}

    bool has_value() const { return !m_failed; }
    explicit operator bool() const { return has_value(); }
    const std::string& error() const { assert(m_failed); return m_error; }

private:
    std::string m_error;
    bool m_failed{false};
};

} // namespace util

#endif // BITNODE_UTIL_RESULT_H
