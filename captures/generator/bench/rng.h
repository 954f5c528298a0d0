// A small, fast, seedable random source for the benchmark capture (splitmix64): the same seed
// gives the same traffic on every machine, whatever the standard library.
#pragma once

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace capgen::bench {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // [0, 1)
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // [0, n)
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
  // [lo, hi]
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double real(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool chance(double p) { return uniform() < p; }
  double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }
  // Log-uniform in [lo, hi): as many values between 2 and 4 KB as between 20 and 40 KB.
  double log_uniform(double lo, double hi) { return lo * std::pow(hi / lo, uniform()); }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  std::string_view pick(std::initializer_list<std::string_view> v) {
    return *(v.begin() + below(v.size()));
  }
  // An independent stream for one purpose (one session, one template), so that adding draws
  // in one place does not shift everything after it.
  Rng fork() { return Rng(next()); }

 private:
  std::uint64_t state_;
};

}  // namespace capgen::bench
