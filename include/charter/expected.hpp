#pragma once
// A value or an error, for every failure that bad input can cause (C++20
// has no std::expected). The library returns Expected<T, Error>; it never
// throws for bad input and never exits.
#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace charter {

template <class E> struct Unexpected { E error; };
template <class E> Unexpected<std::decay_t<E>> unexpected(E&& e) {
    return {std::forward<E>(e)};
}

template <class T, class E> class Expected {
  public:
    Expected(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    template <class G>
    Expected(Unexpected<G> u) : m_v(std::in_place_index<1>, E(std::move(u.error))) {}

    bool has_value() const { return m_v.index() == 0; }
    explicit operator bool() const { return has_value(); }
    T& value() {
        assert(has_value());
        return std::get<0>(m_v);
    }
    const T& value() const {
        assert(has_value());
        return std::get<0>(m_v);
    }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const E& error() const {
        assert(!has_value());
        return std::get<1>(m_v);
    }
    E& error() {
        assert(!has_value());
        return std::get<1>(m_v);
    }

  private:
    std::variant<T, E> m_v;
};

} // namespace charter

#define CHARTER_CONCAT_INNER(a, b) a##b
#define CHARTER_CONCAT(a, b) CHARTER_CONCAT_INNER(a, b)

/// In a function returning Expected<U, E>: evaluates `expr` (an Expected<T,
/// E2> whose E2 converts to E); on an error returns it, otherwise assigns the
/// value to `lhs`, which may declare a variable:
///     CHARTER_TRY(auto periods, scenario_periods(s));
#define CHARTER_TRY(lhs, expr)                                                                     \
    auto CHARTER_CONCAT(charter_try_, __LINE__) = (expr);                                          \
    if (!CHARTER_CONCAT(charter_try_, __LINE__))                                                   \
        return ::charter::unexpected(std::move(CHARTER_CONCAT(charter_try_, __LINE__).error()));   \
    lhs = std::move(*CHARTER_CONCAT(charter_try_, __LINE__))
