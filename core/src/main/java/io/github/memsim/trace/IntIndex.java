package io.github.memsim.trace;

import java.util.Arrays;

/**
 * Dense numbers for sparse int keys: the first key added gets 0, the next new one 1, and so on.
 * An open-addressing table with linear probing, 8 bytes a slot, kept at most half full; its
 * memory grows with the number of distinct keys, never with their values, so a trace whose ids
 * run up to 2^31 - 1 costs what its number of ids costs.
 */
final class IntIndex {
  private static final int EMPTY = -1;

  private int[] keys = new int[16];
  private int[] values = filled(16);
  private int[] keysInOrder = new int[8];
  private int size;

  private static int[] filled(int length) {
    int[] array = new int[length];
    Arrays.fill(array, EMPTY);
    return array;
  }

  private static int slot(int key, int mask) {
    int h = key * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  /** {@return the number of distinct keys} */
  int size() {
    return size;
  }

  /**
   * Returns a key's number.
   *
   * @param key any int
   * @return its number, or -1 if it was never added
   */
  int indexOf(int key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (values[i] == EMPTY) {
        return EMPTY;
      }
      if (keys[i] == key) {
        return values[i];
      }
    }
  }

  /**
   * Returns a key's number, giving it the next one if it is new.
   *
   * @param key any int
   * @return its number
   */
  int add(int key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (values[i] != EMPTY) {
      if (keys[i] == key) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    int index = size++;
    keys[i] = key;
    values[i] = index;
    if (index == keysInOrder.length) {
      keysInOrder = Arrays.copyOf(keysInOrder, index * 2);
    }
    keysInOrder[index] = key;
    if (size * 2 > keys.length) {
      grow();
    }
    return index;
  }

  /**
   * Returns the key that has a number.
   *
   * @param index a number from 0 to {@code size() - 1}
   * @return its key
   */
  int keyAt(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return keysInOrder[index];
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = filled(oldKeys.length * 2);
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldValues[j] != EMPTY) {
        int i = slot(oldKeys[j], mask);
        while (values[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }
}
