// C++'s allocation operators, as Valgrind names them (mangled): new, new[], aligned new, nothrow
// new, and the matching deletes. Checked by RecordCommandTest.
#include <new>

struct alignas(64) Wide {
  char bytes[64];
};

int main() {
  int *volatile one = new int(7);
  int *volatile many = new int[50];
  Wide *volatile wide = new Wide;
  Wide *volatile wides = new Wide[3];
  char *volatile nothrow = new (std::nothrow) char[10];
  delete one;
  delete[] many;
  delete wide;
  delete[] wides;
  delete[] nothrow;
  return 0;
}
