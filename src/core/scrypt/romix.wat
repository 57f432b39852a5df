;; scrypt's ROMix (RFC 7914, section 5) over 128-bit lanes, for scrypt.ts: the memory-hard middle of a
;; password's fingerprint. OpenSSL's scrypt takes its 16 MiB from malloc and frees it after each
;; secret, which makes glibc raise its mmap threshold for the whole process: from then on every thread's
;; buffers up to 16 MiB stay in malloc arenas (tens of MiB on a large tree). This memory is the
;; caller's WebAssembly.Memory, kept for the next secret (half of it: see romix below), and the lanes
;; make it faster than OpenSSL's all the same.
;;
;; Each 64-byte block is held as four vectors in the diagonal order of Salsa20's quarter-rounds:
;;   a = x0 x5 x10 x15   b = x4 x9 x14 x3   c = x8 x13 x2 x7   d = x12 x1 x6 x11
;; so a column round is one quarter-round of the four vectors; turning b, c and d by three, two and one
;; lanes lines the rows up the same way. scrypt.ts puts the blocks into this order and back.
;;
;; Memory, in bytes (r: the block size parameter, 128r bytes per ROMix block):
;;   0      X, the block ROMix works on (given and returned)
;;   128r   Y, where BlockMix writes while X is read
;;   256r   two blocks where a V[j] not kept is made again
;;   512r   V: every k-th of the first loop's N blocks
(module
  (import "env" "memory" (memory 1))
  ;; dst = BlockMix(src), or BlockMix(src xor v) when $xor is not 0 (RFC 7914, section 4): each 64-byte
  ;; block goes through Salsa20/8 with the one before it; even blocks to dst's first half, odd to its second.
  (func $blockmix (param $src i32) (param $v i32) (param $xor i32) (param $dst i32) (param $r i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $a0 v128) (local $b0 v128) (local $c0 v128) (local $d0 v128)
    (local $t v128) (local $i i32) (local $n i32) (local $last i32) (local $out i32) (local $k i32)
    (local.set $n (i32.shl (local.get $r) (i32.const 1)))
    (local.set $last (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 6)))
    (local.set $a (v128.load offset=0 (i32.add (local.get $src) (local.get $last))))
    (local.set $b (v128.load offset=16 (i32.add (local.get $src) (local.get $last))))
    (local.set $c (v128.load offset=32 (i32.add (local.get $src) (local.get $last))))
    (local.set $d (v128.load offset=48 (i32.add (local.get $src) (local.get $last))))
    (if (local.get $xor) (then
      (local.set $a (v128.xor (local.get $a) (v128.load offset=0 (i32.add (local.get $v) (local.get $last)))))
      (local.set $b (v128.xor (local.get $b) (v128.load offset=16 (i32.add (local.get $v) (local.get $last)))))
      (local.set $c (v128.xor (local.get $c) (v128.load offset=32 (i32.add (local.get $v) (local.get $last)))))
      (local.set $d (v128.xor (local.get $d) (v128.load offset=48 (i32.add (local.get $v) (local.get $last)))))))
    (local.set $i (i32.const 0))
    (loop $blocks
      (local.set $a (v128.xor (local.get $a) (v128.load offset=0 (local.get $src))))
      (local.set $b (v128.xor (local.get $b) (v128.load offset=16 (local.get $src))))
      (local.set $c (v128.xor (local.get $c) (v128.load offset=32 (local.get $src))))
      (local.set $d (v128.xor (local.get $d) (v128.load offset=48 (local.get $src))))
      (if (local.get $xor) (then
        (local.set $a (v128.xor (local.get $a) (v128.load offset=0 (local.get $v))))
        (local.set $b (v128.xor (local.get $b) (v128.load offset=16 (local.get $v))))
        (local.set $c (v128.xor (local.get $c) (v128.load offset=32 (local.get $v))))
        (local.set $d (v128.xor (local.get $d) (v128.load offset=48 (local.get $v))))))
      ;; Salsa20/8: four double rounds ($k counts them), then the round's input added back.
      (local.set $a0 (local.get $a)) (local.set $b0 (local.get $b)) (local.set $c0 (local.get $c)) (local.set $d0 (local.get $d))
      (local.set $k (i32.const 4))
      (loop $rounds
        ;; columns
        (local.set $t (i32x4.add (local.get $a) (local.get $d)))
        (local.set $b (v128.xor (local.get $b) (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25)))))
        (local.set $t (i32x4.add (local.get $b) (local.get $a)))
        (local.set $c (v128.xor (local.get $c) (v128.or (i32x4.shl (local.get $t) (i32.const 9)) (i32x4.shr_u (local.get $t) (i32.const 23)))))
        (local.set $t (i32x4.add (local.get $c) (local.get $b)))
        (local.set $d (v128.xor (local.get $d) (v128.or (i32x4.shl (local.get $t) (i32.const 13)) (i32x4.shr_u (local.get $t) (i32.const 19)))))
        (local.set $t (i32x4.add (local.get $d) (local.get $c)))
        (local.set $a (v128.xor (local.get $a) (v128.or (i32x4.shl (local.get $t) (i32.const 18)) (i32x4.shr_u (local.get $t) (i32.const 14)))))
        ;; to rows: b takes lanes 3 0 1 2, c lanes 2 3 0 1, d lanes 1 2 3 0 (a = x0 x5 x10 x15, d = x1 x6 x11 x12, ...)
        (local.set $b (i8x16.shuffle 12 13 14 15 0 1 2 3 4 5 6 7 8 9 10 11 (local.get $b) (local.get $b)))
        (local.set $c (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (local.get $c)))
        (local.set $d (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 (local.get $d) (local.get $d)))
        ;; rows
        (local.set $t (i32x4.add (local.get $a) (local.get $b)))
        (local.set $d (v128.xor (local.get $d) (v128.or (i32x4.shl (local.get $t) (i32.const 7)) (i32x4.shr_u (local.get $t) (i32.const 25)))))
        (local.set $t (i32x4.add (local.get $d) (local.get $a)))
        (local.set $c (v128.xor (local.get $c) (v128.or (i32x4.shl (local.get $t) (i32.const 9)) (i32x4.shr_u (local.get $t) (i32.const 23)))))
        (local.set $t (i32x4.add (local.get $c) (local.get $d)))
        (local.set $b (v128.xor (local.get $b) (v128.or (i32x4.shl (local.get $t) (i32.const 13)) (i32x4.shr_u (local.get $t) (i32.const 19)))))
        (local.set $t (i32x4.add (local.get $b) (local.get $c)))
        (local.set $a (v128.xor (local.get $a) (v128.or (i32x4.shl (local.get $t) (i32.const 18)) (i32x4.shr_u (local.get $t) (i32.const 14)))))
        ;; back to columns
        (local.set $b (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 (local.get $b) (local.get $b)))
        (local.set $c (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (local.get $c)))
        (local.set $d (i8x16.shuffle 12 13 14 15 0 1 2 3 4 5 6 7 8 9 10 11 (local.get $d) (local.get $d)))
        (br_if $rounds (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (local.set $a (i32x4.add (local.get $a) (local.get $a0)))
      (local.set $b (i32x4.add (local.get $b) (local.get $b0)))
      (local.set $c (i32x4.add (local.get $c) (local.get $c0)))
      (local.set $d (i32x4.add (local.get $d) (local.get $d0)))
      ;; even blocks to the first half of dst, odd ones to the second
      (local.set $out (i32.add (local.get $dst)
        (i32.shl (i32.add (i32.shr_u (local.get $i) (i32.const 1)) (i32.mul (i32.and (local.get $i) (i32.const 1)) (local.get $r))) (i32.const 6))))
      (v128.store offset=0 (local.get $out) (local.get $a))
      (v128.store offset=16 (local.get $out) (local.get $b))
      (v128.store offset=32 (local.get $out) (local.get $c))
      (v128.store offset=48 (local.get $out) (local.get $d))
      (local.set $src (i32.add (local.get $src) (i32.const 64)))
      (local.set $v (i32.add (local.get $v) (i32.const 64)))
      (br_if $blocks (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  ;; X = ROMix(X) for N (a power of two, at least 2), keeping every k-th block of V (k a power of two, at
  ;; most N): the first loop is V[i] = X, X = BlockMix(X) for i < N; the second, N times, is
  ;; X = BlockMix(X xor V[j]) with j from X's last 64-byte block (its first word is x0 in either order),
  ;; where a V[j] not kept is made again from the one kept before it (j mod k more BlockMix). k = 2
  ;; halves the memory for a quarter more work. X and Y take turns as BlockMix's source and destination:
  ;; N is even, so X ends at 0.
  (func (export "romix") (param $r i32) (param $N i32) (param $k i32)
    (local $size i32) (local $x i32) (local $y i32) (local $v i32) (local $t1 i32) (local $t2 i32)
    (local $i i32) (local $j i32) (local $s i32) (local $cur i32) (local $next i32) (local $tmp i32)
    (local.set $size (i32.shl (local.get $r) (i32.const 7)))
    (local.set $x (i32.const 0))
    (local.set $y (local.get $size))
    (local.set $t1 (i32.shl (local.get $size) (i32.const 1)))
    (local.set $t2 (i32.mul (local.get $size) (i32.const 3)))
    (local.set $v (i32.shl (local.get $size) (i32.const 2)))
    (local.set $i (i32.const 0))
    (loop $fill
      (if (i32.eqz (i32.and (local.get $i) (i32.sub (local.get $k) (i32.const 1)))) (then
        (memory.copy (i32.add (local.get $v) (i32.mul (i32.div_u (local.get $i) (local.get $k)) (local.get $size))) (local.get $x) (local.get $size))))
      (call $blockmix (local.get $x) (i32.const 0) (i32.const 0) (local.get $y) (local.get $r))
      (local.set $tmp (local.get $x)) (local.set $x (local.get $y)) (local.set $y (local.get $tmp))
      (br_if $fill (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $N))))
    (local.set $i (i32.const 0))
    (loop $mix
      (local.set $j (i32.and (i32.load (i32.add (local.get $x) (i32.sub (local.get $size) (i32.const 64)))) (i32.sub (local.get $N) (i32.const 1))))
      (local.set $cur (i32.add (local.get $v) (i32.mul (i32.div_u (local.get $j) (local.get $k)) (local.get $size))))
      (local.set $s (i32.and (local.get $j) (i32.sub (local.get $k) (i32.const 1))))
      (block $made
        (loop $remake
          (br_if $made (i32.eqz (local.get $s)))
          (local.set $next (select (local.get $t2) (local.get $t1) (i32.eq (local.get $cur) (local.get $t1))))
          (call $blockmix (local.get $cur) (i32.const 0) (i32.const 0) (local.get $next) (local.get $r))
          (local.set $cur (local.get $next))
          (local.set $s (i32.sub (local.get $s) (i32.const 1)))
          (br $remake)))
      (call $blockmix (local.get $x) (local.get $cur) (i32.const 1) (local.get $y) (local.get $r))
      (local.set $tmp (local.get $x)) (local.set $x (local.get $y)) (local.set $y (local.get $tmp))
      (br_if $mix (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $N))))))
