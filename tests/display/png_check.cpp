// png_check FILE WIDTH HEIGHT: exit 0 if FILE is a PNG of that size that is not blank (at least
// 24 distinct colours, and no single colour covering more than 97 % of it). For the display's
// screenshot tests.
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <map>

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(argv[1], &w, &h, &n, 4);
  if (!px) {
    std::fprintf(stderr, "%s: not a readable PNG\n", argv[1]);
    return 1;
  }
  int want_w = std::atoi(argv[2]), want_h = std::atoi(argv[3]);
  std::map<unsigned, long> colours;
  for (long i = 0; i < long(w) * h; ++i) {
    unsigned c = px[i * 4] | (px[i * 4 + 1] << 8) | (px[i * 4 + 2] << 16);
    ++colours[c];
  }
  long most = 0;
  for (auto& [c, k] : colours) most = most > k ? most : k;
  stbi_image_free(px);
  double share = double(most) / (double(w) * h);
  std::printf("%s: %dx%d, %zu colours, the commonest covers %.1f %%\n", argv[1], w, h,
              colours.size(), share * 100);
  if (w != want_w || h != want_h) return 1;
  if (colours.size() < 24 || share > 0.97) return 1;
  return 0;
}
