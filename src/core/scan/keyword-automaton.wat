;; The keyword automaton's scan loop (keyword-index.ts), as WebAssembly: two stretches of one text at
;; once. Each character's step waits on the one before (the next state is read from the table at the
;; current one), so a single loop runs at the speed of that chain of reads; two independent chains
;; keep the processor busy in each other's waits. Built by scripts/gen-wasm.mjs into
;; keyword-automaton.wasm.ts; keyword-index.ts lays out the memory and reads the hits.
;;
;; Memory, in bytes from the offsets the caller passes:
;;   $col    one byte per UTF-16 code unit (65,536): the unit's column in the table (0: used by no keyword)
;;   $table  u32 per state and column: the next state's row offset in bytes, times two, plus one when
;;           keywords end there (the start state's row is at offset 0)
;;   $text   the text, UTF-16LE
;;   $outA, $outB  the hits of each stretch: u32 pairs (position in code units from $text, table entry)
;; The two hit counts are written at $counts and $counts + 4.
;; The step (column, table read) is written out in each loop rather than in a helper function: V8 did
;; not inline the call, which cost the loop nearly half its speed.
(module
  (memory (export "memory") 1)
  ;; Stretch A is units [$a, $a + $na) of the text and stretch B units [$b, $b + $nb), both from the start state.
  (func (export "scan2")
    (param $text i32) (param $a i32) (param $na i32) (param $b i32) (param $nb i32)
    (param $col i32) (param $table i32) (param $outA i32) (param $outB i32) (param $counts i32)
    (local $i i32) (local $j i32) (local $x i32) (local $y i32) (local $oa i32) (local $ob i32)
    (local $ea i32) (local $eb i32) (local $m i32)
    (local.set $oa (local.get $outA))
    (local.set $ob (local.get $outB))
    (local.set $i (i32.add (local.get $text) (i32.shl (local.get $a) (i32.const 1))))
    (local.set $j (i32.add (local.get $text) (i32.shl (local.get $b) (i32.const 1))))
    (local.set $ea (i32.add (local.get $i) (i32.shl (local.get $na) (i32.const 1))))
    (local.set $eb (i32.add (local.get $j) (i32.shl (local.get $nb) (i32.const 1))))
    ;; Both stretches while both last.
    (local.set $m (i32.add (local.get $i)
      (i32.shl (select (local.get $na) (local.get $nb) (i32.lt_u (local.get $na) (local.get $nb))) (i32.const 1))))
    (block $both
      (br_if $both (i32.ge_u (local.get $i) (local.get $m)))
      (loop $step2
        (local.set $x (i32.load (i32.add (i32.add (local.get $table) (i32.shr_u (local.get $x) (i32.const 1))) (i32.shl (i32.load8_u (i32.add (local.get $col) (i32.load16_u (local.get $i)))) (i32.const 2)))))
        (local.set $y (i32.load (i32.add (i32.add (local.get $table) (i32.shr_u (local.get $y) (i32.const 1))) (i32.shl (i32.load8_u (i32.add (local.get $col) (i32.load16_u (local.get $j)))) (i32.const 2)))))
        (if (i32.and (local.get $x) (i32.const 1))
          (then
            (i32.store (local.get $oa) (i32.shr_u (i32.sub (local.get $i) (local.get $text)) (i32.const 1)))
            (i32.store offset=4 (local.get $oa) (local.get $x))
            (local.set $oa (i32.add (local.get $oa) (i32.const 8)))))
        (if (i32.and (local.get $y) (i32.const 1))
          (then
            (i32.store (local.get $ob) (i32.shr_u (i32.sub (local.get $j) (local.get $text)) (i32.const 1)))
            (i32.store offset=4 (local.get $ob) (local.get $y))
            (local.set $ob (i32.add (local.get $ob) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br_if $step2 (i32.lt_u (local.get $i) (local.get $m)))))
    ;; Then what is left of A, or of B.
    (block $restA
      (br_if $restA (i32.ge_u (local.get $i) (local.get $ea)))
      (loop $stepA
        (local.set $x (i32.load (i32.add (i32.add (local.get $table) (i32.shr_u (local.get $x) (i32.const 1))) (i32.shl (i32.load8_u (i32.add (local.get $col) (i32.load16_u (local.get $i)))) (i32.const 2)))))
        (if (i32.and (local.get $x) (i32.const 1))
          (then
            (i32.store (local.get $oa) (i32.shr_u (i32.sub (local.get $i) (local.get $text)) (i32.const 1)))
            (i32.store offset=4 (local.get $oa) (local.get $x))
            (local.set $oa (i32.add (local.get $oa) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $stepA (i32.lt_u (local.get $i) (local.get $ea)))))
    (block $restB
      (br_if $restB (i32.ge_u (local.get $j) (local.get $eb)))
      (loop $stepB
        (local.set $y (i32.load (i32.add (i32.add (local.get $table) (i32.shr_u (local.get $y) (i32.const 1))) (i32.shl (i32.load8_u (i32.add (local.get $col) (i32.load16_u (local.get $j)))) (i32.const 2)))))
        (if (i32.and (local.get $y) (i32.const 1))
          (then
            (i32.store (local.get $ob) (i32.shr_u (i32.sub (local.get $j) (local.get $text)) (i32.const 1)))
            (i32.store offset=4 (local.get $ob) (local.get $y))
            (local.set $ob (i32.add (local.get $ob) (i32.const 8)))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br_if $stepB (i32.lt_u (local.get $j) (local.get $eb)))))
    (i32.store (local.get $counts) (i32.shr_u (i32.sub (local.get $oa) (local.get $outA)) (i32.const 3)))
    (i32.store offset=4 (local.get $counts) (i32.shr_u (i32.sub (local.get $ob) (local.get $outB)) (i32.const 3))))
)
