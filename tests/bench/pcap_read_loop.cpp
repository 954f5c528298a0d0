// The floor for any capture analyser: libpcap reading every packet and touching its bytes.
#include <pcap/pcap.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline(argv[1], err);
  if (!p) {
    std::fprintf(stderr, "%s\n", err);
    return 1;
  }
  pcap_pkthdr* h;
  const u_char* data;
  unsigned long long packets = 0, bytes = 0, sum = 0;
  while (pcap_next_ex(p, &h, &data) == 1) {
    ++packets;
    bytes += h->caplen;
    sum += data[h->caplen / 2];  // touch the data, as any analyser must
  }
  pcap_close(p);
  std::printf("%llu packets, %llu bytes (%llu)\n", packets, bytes, sum);
  return 0;
}
