"""Held-out 5 to 29: situations for citation ranking, each written from the Guidelines text and
the phase table alone, by a reader who never saw the ranker's vocabulary, keywords, term bank,
tests or earlier sets. Each file's digest is pinned here, so that an edit to an entry fails the
suite.

Held-out 28 and 29 are sealed: nothing is tuned on them, the tests never print a situation or a
figure of them, and `python -m benchmarks` prints their aggregate figures only. A sealed set has
no floors here: its digest is pinned and its form checked, and its ranking is checked for
suggestions out of the phases in force, but no figure of it can fail the suite, which would tell
whoever changes the ranking something about it (`test_a_sealed_set_has_no_floors`); floors are
set when it becomes a development set. They were written by an eighteenth and a nineteenth reader
once held-out 26 and 27 had been measured twice, in their shape: 50 for each of Japan's own phases
(every item of IV.A to IV.E the expected clause at least once), 80 in two or three phases at once,
51 and 56 in Japanese. Measured on the ranker as it stood when they were sealed (the nineteenth
round's; strict, all 280 situations each), top-1 / top-3 / MRR: held-out 28 84.3% / 95.4% /
0.896, held-out 29 83.9% / 96.4% / 0.902; by phase, top-1 / top-3, held-out 28 and 29: peacetime
90.0% / 94.0% and 90.0% / 100%, emerging threats 82.0% / 96.0% and 86.0% / 94.0%, anticipated
attack 78.0% / 92.0% and 76.0% / 94.0%, attack 88.0% / 98.0% and 88.0% / 98.0%, combinations of
phases 83.8% / 96.2% and 81.2% / 96.2%, in Japanese 84.3% / 96.1% and 85.7% / 98.2%.

Held-out 26 and 27 were sealed through two measurements each (when they were sealed, and after
the nineteenth round); from then on they are development sets, and their floors are regression
guards. They were written by a sixteenth and a seventeenth reader once held-out 24 and 25 had been
measured twice, in their shape: 50 for each of Japan's own phases (every item of IV.A to IV.E the
expected clause at least once), 80 in two or three phases at once, 58 and 53 in Japanese. Measured
on the ranker as it stood when they were sealed (the eighteenth round's; strict, all 280
situations each), top-1 / top-3 / MRR: held-out 26 84.3% / 96.4% / 0.900, held-out 27 88.2% /
98.6% / 0.931; by phase, top-1 / top-3, held-out 26 and 27: peacetime 92.0% / 98.0% and 84.0% /
98.0%, emerging threats 84.0% / 98.0% and 94.0% / 96.0%, anticipated attack 76.0% / 94.0% and
88.0% / 98.0%, attack 90.0% / 98.0% and 92.0% / 100%, combinations of phases 81.2% / 95.0% and
85.0% / 100%, in Japanese 86.2% / 98.3% and 94.3% / 100%. Measured once more when the nineteenth
round was complete: the same on both, every figure and every slice (the round's words found none of
their misses).

Held-out 24 and 25 were sealed through two measurements each (when they were sealed, and after
the eighteenth round); from then on they are development sets, and their floors are regression
guards. They were written by a fourteenth and a fifteenth reader once held-out 22 and 23 had been
measured twice, in their shape: 50 for each of Japan's own phases (every item of IV.A to IV.E the
expected clause at least once), 80 in two or three phases at once, 57 and 51 in Japanese. Measured
on the ranker as it stood when they were sealed (the seventeenth round's; strict, all 280
situations each), top-1 / top-3 / MRR: held-out 24 83.6% / 95.7% / 0.895, held-out 25 85.0% /
92.9% / 0.893; by phase, top-1 / top-3, held-out 24 and 25: peacetime 88.0% / 96.0% and 92.0% /
94.0%, emerging threats 84.0% / 98.0% and 84.0% / 92.0%, anticipated attack 88.0% / 96.0% and
82.0% / 90.0%, attack 90.0% / 98.0% and 90.0% / 96.0%, combinations of phases 73.8% / 92.5% and
80.0% / 92.5%, in Japanese 91.2% / 96.5% and 92.2% / 96.1%. Measured once more when the eighteenth
round was complete: held-out 24 83.9% / 95.7% / 0.897 (combinations 75.0% / 92.5%, the other
slices unchanged); held-out 25 86.1% / 93.6% / 0.901 (peacetime 94.0% / 96.0%, emerging threats
86.0% / 92.0%, anticipated attack 82.0% / 92.0%, combinations 81.2% / 92.5%, the other slices
unchanged). After the nineteenth round, which read their misses (the private sector's and local
governments' assets as IV.B.6's, support received from the U.S. forces as the disaster's, one table
or a second cell as III.A's, a war with a third country as the survival-threatening situation,
evacuation flights and spare seats as the evacuation): held-out 24 85.4% / 95.7% / 0.904
(anticipated attack 90.0% / 96.0%, combinations 78.8% / 92.5%, the other slices unchanged);
held-out 25 87.1% / 95.4% / 0.912 (emerging threats 88.0% / 96.0%, anticipated attack 86.0% /
94.0%, combinations 81.2% / 95.0%, in Japanese 94.1% / 98.0%, the other slices unchanged).

Held-out 22 and 23 were sealed through two measurements each (when they were sealed, and after
the seventeenth round); from then on they are development sets, and their floors are regression
guards. They were written by a twelfth and a thirteenth reader once held-out 20 and 21 had been
measured twice, in their shape: 50 for each of Japan's own phases (every item of IV.A to IV.E the
expected clause at least once), 80 in two or three phases at once, 61 and 60 in Japanese. Measured
on the ranker as it stood when they were sealed (the sixteenth round's; strict, all 280 situations
each), top-1 / top-3 / MRR: held-out 22 81.4% / 92.9% / 0.875, held-out 23 84.3% / 94.6% / 0.897;
by phase, top-1 / top-3, held-out 22 and 23: peacetime 84.0% / 96.0% and 94.0% / 96.0%, emerging
threats 82.0% / 94.0% and 86.0% / 98.0%, anticipated attack 78.0% / 90.0% and 76.0% / 90.0%,
attack 88.0% / 96.0% and 96.0% / 100%, combinations of phases 77.5% / 90.0% and 75.0% / 91.2%, in
Japanese 82.0% / 91.8% and 85.0% / 98.3%. Measured once more when the seventeenth round was
complete: held-out 22 unchanged in every slice, held-out 23 84.6% / 95.4% / 0.900 (anticipated
attack 78.0% / 92.0%, combinations 75.0% / 92.5%, the other slices unchanged). After the eighteenth
round, which read their misses (the mechanism's participating agencies and one mechanism for every
situation at once as III.A's, cover asked for the other side's aircraft or ship as the protection of
assets, damage assessment as the disaster's incident awareness, hospital beds for the other side's
wounded as medical services): held-out 22 82.5% / 93.9% / 0.884 (combinations 81.2% / 93.8%, in
Japanese 83.6% / 93.4%, the other slices unchanged); held-out 23 86.1% / 95.7% / 0.910 (combinations
80.0% / 93.8%, the other slices unchanged).

Held-out 20 and 21 were sealed through two measurements each (when they were sealed, and after
the sixteenth round); from then on they are development sets, and their floors are regression
guards. They were written by a tenth and an eleventh reader once held-out 18 and 19 had been
measured twice, in their shape: 50 for each of Japan's own phases (every item of IV.A to IV.E the
expected clause at least once), 80 in two or three phases at once, 58 and 53 in Japanese. Measured
on the ranker as it stood when they were sealed (the fifteenth round's; strict, all 280 situations
each), top-1 / top-3 / MRR: held-out 20 85.7% / 96.4% / 0.910, held-out 21 72.5% / 87.1% / 0.803;
by phase, top-1 / top-3, held-out 20 and 21: peacetime 92.0% / 98.0% and 80.0% / 86.0%, emerging
threats 80.0% / 94.0% and 76.0% / 86.0%, anticipated attack 84.0% / 96.0% and 54.0% / 78.0%,
attack 88.0% / 98.0% and 78.0% / 92.0%, combinations of phases 85.0% / 96.2% and 73.8% / 91.2%,
in Japanese 87.9% / 100% and 81.1% / 92.5%. Measured once more when the sixteenth round was
complete: held-out 20 unchanged in every slice, held-out 21 73.6% / 87.1% / 0.809 (emerging
threats 78.0% / 86.0%, anticipated attack 56.0% / 78.0%, combinations 75.0% / 91.2%, in Japanese
83.0% / 92.5%, peacetime and the attack unchanged). After the seventeenth round, which read their
misses (IV.C.1's preparations in the room's words, a measure asked for itself before IV.C.1's list,
an item another phase in force carries over after that phase's own): held-out 20 86.8% / 96.8% /
0.915 (anticipated attack 88.0% / 96.0%, combinations 86.2% / 97.5%, the other slices unchanged);
held-out 21 74.3% / 87.5% / 0.814 (anticipated attack 58.0% / 80.0%, combinations 76.2% / 91.2%, in
Japanese 84.9% / 94.3%, the other slices unchanged).

Held-out 18 and 19 were sealed through two measurements each (when they were sealed, and after
the fifteenth round); from then on they are development sets, and their floors are regression
guards. They were written by an eighth and a ninth reader once held-out 16 and 17 had been
measured twice, in their shape: 50 for each of Japan's own phases (every item of IV.A to IV.E the
expected clause at least once), 80 in two or three phases at once, 52 and 54 in Japanese. Measured
on the ranker as it stood when they were sealed (the fourteenth round's; strict, all 280
situations each), top-1 / top-3 / MRR: held-out 18 78.9% / 95.4% / 0.872, held-out 19 80.0% /
94.6% / 0.871; by phase, top-1 / top-3, held-out 18 and 19: peacetime 92.0% / 96.0% and 86.0% /
94.0%, emerging threats 80.0% / 96.0% and 80.0% / 96.0%, anticipated attack 70.0% / 96.0% and
72.0% / 92.0%, attack 84.0% / 94.0% and 86.0% / 98.0%, combinations of phases 72.5% / 95.0% and
77.5% / 93.8%, in Japanese 82.7% / 98.1% and 85.2% / 98.1%. Measured once more when the fifteenth
round was complete: held-out 18 79.3% / 95.4% / 0.873 (anticipated attack 74.0% / 96.0%,
combinations 71.2% / 95.0%, in Japanese 84.6% / 98.1%), held-out 19 80.7% / 94.6% / 0.875
(anticipated attack 76.0% / 92.0%), the other slices unchanged. After the sixteenth round, which
read their misses (the protection of the assets of every activity its clause names, the
protection's own words weighed where the activity may be cited, rising tensions as where the room
is): held-out 18 81.1% / 95.7% / 0.884 (peacetime 94.0% / 96.0%, emerging threats 84.0% / 98.0%,
anticipated attack 76.0% / 96.0%, combinations 72.5% / 95.0%, in Japanese 86.5% / 98.1%, the attack
unchanged); held-out 19 81.1% / 95.4% / 0.878 (peacetime 88.0% / 94.0%, emerging threats 80.0% /
98.0%, combinations 77.5% / 95.0%, in Japanese 87.0% / 98.1%, the other slices unchanged).

Held-out 16 and 17 were sealed through two measurements each (when they were sealed, and after
the fourteenth round); from then on they are development sets, and their floors are regression
guards. Held-out 17 was written by a seventh reader, in the same shape as held-out 16 and sealed
beside it on the same ranker, so that the fourteenth round was measured on two sets never used
for tuning: 50 for each of Japan's own phases (every item of IV.A to IV.E the expected clause at
least once), 80 in two or three phases at once and 58 in Japanese. Measured on the ranker as it
stood when it was sealed (the thirteenth round's; strict, all 280 situations): top-1 78.9%, top-3
92.9%, MRR 0.860; by phase, top-1 / top-3: peacetime 86.0% / 98.0%, emerging threats 80.0% /
92.0%, anticipated attack 64.0% / 88.0%, attack 86.0% / 94.0%, combinations of phases 78.8% /
92.5%, in Japanese 79.3% / 98.3%. Measured once more when the fourteenth round was complete: top-1
79.6%, top-3 92.9%, MRR 0.865; peacetime 88.0% / 98.0%, combinations 80.0% / 92.5%, in Japanese
81.0% / 98.3%, the other slices unchanged. After the fifteenth round, which read their misses (the
protection asked in IV.B.5's own words, IV.B.6's local government and private sector assets,
forces taking positions, the people and places a quake struck, a lead-in's own words in a single
phase): top-1 81.1%, top-3 93.2%, MRR 0.873; anticipated attack 72.0% / 90.0%, the other slices
unchanged. After the sixteenth: held-out 16 83.2% / 95.7% / 0.891 (emerging threats 82.0% /
98.0%), held-out 17 81.4% / 93.2% / 0.875 (peacetime 90.0% / 98.0%).

Held-out 16 was written by a sixth reader once held-out 15 had been measured twice, larger than the
sets before it so that a slice moves by two points a situation rather than three: 50 for each of
Japan's own phases (every item of IV.A to IV.E the expected clause at least once), 80 in two or
three phases at once and 54 in Japanese. Measured on the ranker as it stood when it was sealed (the
thirteenth round's; strict, all 280 situations): top-1 81.1%, top-3 95.7%, MRR 0.880; by phase,
top-1 / top-3: peacetime 92.0% / 98.0%, emerging threats 78.0% / 98.0%, anticipated attack 74.0% /
92.0%, attack 92.0% / 100%, combinations of phases 73.8% / 92.5%, in Japanese 83.3% / 96.3%.
Measured once more when the fourteenth round was complete: top-1 81.8%, top-3 95.7%, MRR 0.884;
peacetime 94.0% / 98.0%, combinations 75.0% / 92.5%, the other slices unchanged. Two changes of
that round, each better on the development sets, were not kept because they took this set under its
floors, which the tests held while it was sealed; its second measurement is therefore not quite
blind, and held-out 17's is the round's measurement on unseen situations. Since then a sealed set
has no floors in the tests (see `test_a_sealed_set_has_no_floors`). After the fifteenth round, which read its
misses and weighed those two changes again on the development sets (both kept): top-1 82.5%, top-3
95.7%, MRR 0.888; anticipated attack 78.0% / 92.0%, in Japanese 85.2% / 96.3%, the other slices
unchanged.

Held-out 15 was sealed through two measurements (when it was sealed, and after the thirteenth
round); from then on it is a development set, and its floors are regression guards. It was written
by a fifth reader once held-out 14 had been measured twice, with 36 to 40 for each of Japan's own
phases (every item of IV.A to IV.E the expected clause at least once), 67 in two or three phases at
once and 36 in Japanese. Measured on the ranker as it stood when it was sealed (the twelfth
round's; strict, all 215 situations): top-1 89.8%, top-3 98.6%, MRR 0.941; by phase, top-1 / top-3:
peacetime 86.1% / 97.2%, emerging threats 88.9% / 100%, anticipated attack 86.1% / 100%, attack
95.0% / 97.5%, combinations of phases 91.0% / 98.5%, in Japanese 100% / 100%. Measured once more
when the thirteenth round was complete (II.D's own judgment, staff shorthand, an exercise as a
deterrent): the same figures, overall and in every slice. After the fourteenth round, which read
its misses (the protection asked in its own words, a phase's item before another phase's list that
names the function, the room's words for missions abroad, the private sector's ferries, the
temporary use of a port, where a situation happens): top-1 90.7%, top-3 98.6%, MRR 0.946;
peacetime 88.9% / 97.2%, anticipated attack 88.9% / 100%, the other slices unchanged. The other
development sets after that round are in docs/citations.md.

Held-out 14 was sealed through two measurements (when it was sealed, and after the twelfth round);
from then on it is a development set, and its floors are regression guards. It was written by a fourth
reader once held-out 12 and 13 had each been measured twice, with 35 to 37 for each of Japan's own
phases (every item of IV.A to IV.D the expected clause at least once), 70 in two or three phases
at once and 35 in Japanese. Measured on the ranker as it stood when it was sealed (the eleventh
round's; strict, all 213 situations): top-1 85.0%, top-3 97.2%, MRR 0.909; by phase, top-1 /
top-3: peacetime 97.3% / 100%, emerging threats 80.0% / 88.6%, anticipated attack 85.7% / 97.1%,
attack 88.9% / 100%, combinations of phases 78.6% / 98.6%, in Japanese 80.0% / 97.1%. Measured
once more when the twelfth round was complete (the protection of an asset asked before the activity
it is engaged in, the phase the words name, missions abroad, the room's words for refugees and
temporary basing): top-1 87.3%, top-3 97.2%, MRR 0.923; peacetime 100% / 100%, emerging threats
85.7% / 88.6%, anticipated attack 85.7% / 97.1%, attack 88.9% / 100%, combinations 81.4% / 98.6%,
in Japanese 82.9% / 97.1%. After the thirteenth round, which read its misses: top-1 88.7%, top-3
99.1%, MRR 0.936; emerging threats 91.4% / 97.1%, anticipated attack 88.6% / 100%, in Japanese
85.7% / 100%, the other slices unchanged. Held-out 12 after the thirteenth: 88.2% / 97.6% / 0.932
(anticipated attack 86.1% / 94.4%, attack 80.6% / 97.2%); held-out 13: 90.1% / 98.2% / 0.941
(emerging threats 97.3% / 100%).

Held-out 12 and 13 were sealed through two measurements each (when they were sealed, and after the
eleventh round); from then on they are development sets, and their floors are regression guards.

Held-out 13 was written after held-out 12 had been measured once, and sealed before any change it
measures, so that the next round is measured on two sets never used for tuning. It was written
with 36 to 43 for each of Japan's own phases (every item of IV.C.2 and IV.D the expected clause at
least once, IV.B's items and IV.C.1's parts during an anticipated attack), 67 in two or three
phases at once and 36 in Japanese. Measured on the ranker as it stood when it was sealed (the
tenth round's; strict, all 223 situations): top-1 86.1%, top-3 96.4%, MRR 0.911; by phase, top-1 /
top-3: peacetime 85.0% / 97.5%, emerging threats 86.5% / 91.9%, anticipated attack 86.1% / 97.2%,
attack 88.4% / 95.3%, combinations of phases 85.1% / 98.5%, in Japanese 91.7% / 97.2%. Measured
once more when the eleventh round was complete (chapter VI first during an attack only for its
own words, the services as who acts, the room's shorthand, IV.C's lead-in): top-1 87.0%, top-3
96.4%, MRR 0.917; attack 93.0% / 95.3%, the other slices unchanged; its lenient top-1 fell by
one situation (89.2% → 88.8%), which the round did not look into, the set being sealed.

Held-out 12 was written with 36 or 37
for each of Japan's own phases (IV.C.1's preparations the expected clause 13 times during an
anticipated attack, every item of IV.C.2 during an attack), 67 in two or three phases at once and
36 in Japanese. Measured on the ranker as it stood when it was sealed (the tenth round's; strict,
all 212 situations): top-1 84.4%, top-3 95.3%, MRR 0.903; by phase, top-1 / top-3: peacetime
86.5% / 97.3%, emerging threats 86.1% / 97.2%, anticipated attack 83.3% / 88.9%, attack 75.0% /
94.4%, combinations of phases 88.1% / 97.0%, in Japanese 80.6% / 94.4%. Measured once more when
the eleventh round was complete: top-1 84.9%, top-3 96.7%, MRR 0.910; anticipated attack 83.3% /
91.7%, attack 77.8% / 97.2%, emerging threats 86.1% / 100%, the other slices unchanged. After this second
measurement it became a development set, as held-out 13 did after its own. After the twelfth
round, which read the misses of both: held-out 12 86.8% / 97.2% / 0.923 (peacetime 91.9% / 100%,
emerging threats 88.9% / 100%, anticipated attack 83.3% / 91.7%, attack 77.8% / 97.2%,
combinations 89.6% / 97.0%, in Japanese 86.1% / 94.4%); held-out 13 88.8% / 97.3% / 0.929
(peacetime 90.0% / 97.5%, emerging threats 89.2% / 94.6%, anticipated attack 88.9% / 97.2%, attack
93.0% / 95.3%, combinations 85.1% / 100%, in Japanese 91.7% / 100%).

Held-out 11 was sealed through two measurements (when it was sealed, and after the tenth round);
from then on it is a development set, and its floors are regression guards. It was written with 35 to 38
for each of Japan's own phases (anticipated attack spread over every item of IV.B and the
preparations of IV.C.1 that begin before an attack), 61 in two or three phases at once and 37
in Japanese. Measured on the ranker as it stood when it was sealed (the ninth round's; strict,
all 204 situations): top-1 82.8%, top-3 95.1%, MRR 0.892; by phase, top-1 / top-3: peacetime
88.6% / 100%, emerging threats 91.4% / 100%, anticipated attack 62.9% / 91.4%, attack 81.6% /
89.5%, combinations of phases 86.9% / 95.1%, in Japanese 89.2% / 91.9%. Measured once more when
the tenth round was complete (IV.C.1's and IV.B's own words during an anticipated attack, the
Self-Defense Forces' bases by name, either side's special forces, the phase's name as a setting):
top-1 85.3%, top-3 96.1%, MRR 0.908; peacetime 88.6% / 100%, emerging threats 88.6% / 100%,
anticipated attack 74.3% / 94.3%, attack 84.2% / 89.5%, combinations 88.5% / 96.7%, in Japanese
91.9% / 97.3%. Emerging threats lost a first place, which the round did not look into, the set
being sealed. After the eleventh round, which read its misses (chapter VI first during an attack
only for its own words, the services as who acts, the room's shorthand, IV.C's lead-in): 87.3% /
97.1% / 0.920; anticipated attack 77.1% / 97.1%, attack 92.1% / 92.1%, the other slices
unchanged. After the twelfth: 88.2% / 97.5% / 0.927.

Held-out 10 was sealed until the ranking's tenth round read its misses (with those of the earlier
sets); from then on it is a development set, and its floors are regression guards. It was written with one
situation in six in Japanese (39) and 37 to 44 for each of Japan's own phases. Measured on the
ranker as it stood when it was sealed (the eighth round's; strict, all 231 situations): top-1
83.1%, top-3 95.2%, MRR 0.893; by phase, top-1 / top-3: peacetime 82.9% / 97.6%, emerging threats
86.8% / 100%, anticipated attack 91.9% / 97.3%, attack 81.8% / 93.2%, combinations of phases
77.5% / 91.5%, in Japanese 79.5% / 89.7%. Measured once more when the ninth round was complete
(the phase the words name when phases hold at once, the other side's ship or base to defend, the
Japanese of the attack's items): top-1 84.4%, top-3 95.7%, MRR 0.902; peacetime 82.9% / 97.6%,
emerging threats 86.8% / 100%, anticipated attack 91.9% / 97.3%, attack 84.1% / 93.2%,
combinations 80.3% / 93.0%, in Japanese 84.6% / 92.3%. After the tenth round, which read its
misses (IV.C.1's and IV.B's own words during an anticipated attack, the Self-Defense Forces'
bases by name, either side's special forces): 86.6% / 97.0% / 0.918; peacetime 82.9% / 100%,
emerging threats 89.5% / 100%, anticipated attack 97.3% / 97.3%, attack 88.6% / 97.7%,
combinations 80.3% / 93.0%, in Japanese 84.6% / 94.9%. After the eleventh: 88.7% / 97.4% /
0.932; anticipated attack 100% / 100%, attack 95.5% / 97.7%. After the twelfth: 90.0% / 97.8% /
0.940.

Held-out 9 was sealed until the ranking's ninth round read its misses (with those of the earlier
sets); from then on it is a development set, and its floors are regression guards. It was written with more
situations for each of Japan's own phases (37 to 42) and every item of the attack's section,
including those rooms seldom name. Measured on the ranker as it stood when it was sealed (strict,
all 222 situations): top-1 79.3%, top-3 91.9%, MRR 0.857; by phase, top-1 / top-3: peacetime
82.1% / 97.4%, emerging threats 83.8% / 91.9%, anticipated attack 75.7% / 89.2%, attack 69.0% /
83.3%, combinations of phases 83.6% / 95.5%, in Japanese 81.5% / 88.9%. Measured once more when
the seventh round was complete (the attack's items in the room's words: special operations forces
of either side told apart from infiltrators, shipping that resupplies the attacker, battle damage
repair, strikes on launch sites, runways, civilians as noncombatants): top-1 79.3%, top-3 93.2%,
MRR 0.863; peacetime 82.1% / 97.4%, emerging threats 81.1% / 91.9%, anticipated attack 75.7% /
89.2%, attack 73.8% / 90.5%, combinations 82.1% / 95.5%, in Japanese 77.8% / 88.9%. The attack
gained two first places and three top-three places; emerging threats and combinations each lost a
first place (one of them in Japanese), which the round did not look into, the set being sealed.
Measured once more when the eighth round was complete (IV.C.1's preparations answer only for
their own words: a request in the words of a measure continued from an earlier phase, the
temporary use of a civilian airport or surveillance coverage, is that measure's first): top-1
80.2%, top-3 93.2%, MRR 0.867; anticipated attack 81.1% / 89.2% (two first places), the other
slices unchanged. After the ninth round, which read its misses: 84.2% / 95.0% / 0.896; peacetime
84.6% / 97.4%, emerging threats 86.5% / 94.6%, anticipated attack 81.1% / 89.2%, attack 85.7% /
92.9%, combinations 83.6% / 98.5%, in Japanese 92.6% / 96.3%. After the tenth: 86.5% / 96.8% / 0.916,
anticipated attack 89.2% / 94.6%; after the eleventh: 88.3% / 97.7% / 0.930, anticipated attack
89.2% / 97.3%, attack 90.5% / 92.9%; after the twelfth: 90.1% / 98.2% / 0.940.

Held-out 8 was sealed until the ranking's seventh round read its misses (with those of the
earlier sets); from then on it is a development set, and its floors are regression guards.
Measured on the ranker as it stood when it was sealed (strict, all 182 situations): top-1
86.8%, top-3 98.4%, MRR 0.921; by phase, top-1 / top-3: peacetime 90.0% / 100%, emerging
threats 96.2% / 100%, anticipated attack 87.5% / 100%, attack 76.9% / 92.3%, combinations of
phases (every third-country attack and disaster situation) 85.5% / 98.7%, in Japanese 91.3% /
100%. After the sixth round, measured
once: the same figures, overall and in every slice. Measured once more after one further change
decided on the development sets alone (space and cyberspace during an attack answered by chapter
VI first, as IV.C.2.b.v's own words say): 87.9% / 98.4% / 0.927, attack 84.6% / 92.3%, the other
slices unchanged. After the seventh round, which read its misses: 88.5% / 98.9% / 0.932, attack
88.5% / 96.2%; after the eighth 89.0% / 98.9% / 0.935; after the ninth 91.2% / 100% / 0.951,
attack 92.3% / 100%; after the tenth and the eleventh 92.3% / 100% / 0.957; after the twelfth 92.3% / 100% / 0.958.

Held-out 7 was sealed until the ranking's sixth round read its misses (with those of the earlier
sets); from then on it is a development set, and its floors are regression guards. Measured when
it was sealed: top-1 81.8%, top-3 95.9%, MRR 0.884; after the fifth round (Japanese) 83.8% /
98.0% / 0.903; peacetime 95.8% / 95.8%, emerging threats 95.5% / 100%, anticipated attack 86.4% /
100%, attack 78.3% / 95.7%, combinations 75.4% / 98.2%, in Japanese 78.9% / 94.7%. After the
sixth round (places as the setting, "under fire", defending the other side's forces): 85.1% /
98.0% / 0.911, attack 87.0% / 95.7%, the other slices unchanged; with chapter VI first for
space and cyberspace during an attack, 86.5% / 98.0% / 0.918; after the seventh round 87.2% /
98.6% / 0.925; after the eighth 88.5% / 98.6% / 0.931; after the ninth 89.2% / 99.3% / 0.938;
after the tenth and the eleventh 89.9% / 99.3% / 0.941; after the twelfth 91.2% / 99.3% / 0.949.

Held-out 6 was sealed until the ranking's fourth round read its misses (with those of the earlier
sets); from then on it is a development set, and its floors are regression guards. Measured when
it was sealed: top-1 71.5%, top-3 89.1%, MRR 0.807; after the term bank's third round 72.3% /
89.1% / 0.810; after the fifth round 73.0% / 91.2% / 0.823; after the sixth 73.7% / 91.2% / 0.826,
then 75.2% / 91.2% / 0.834 with chapter VI first for space and cyberspace during an attack;
after the seventh 76.6% / 92.7% / 0.850; after the eighth 78.8% / 92.7% / 0.861; after the ninth
81.8% / 93.4% / 0.882; after the tenth 83.2% / 93.4% / 0.890; after the eleventh 84.7% / 94.2% /
0.899; after the twelfth 86.9% / 95.6% / 0.915.

Held-out 5 was sealed until the third round of the term bank, which read its misses (with those
of held-out 3 and 4). Measured when it was sealed: top-1 73.4%, top-3 84.4%, MRR 0.801; after the
ranking in two steps 71.9% / 88.3% / 0.807; after the third round 74.2% / 90.6% / 0.830; after
the fifth round 76.6% / 91.4% / 0.848; with chapter VI first for space and cyberspace during an
attack 77.3% / 91.4% / 0.852; after the seventh round 78.1% / 91.4% / 0.856; after the eighth
78.9% / 91.4% / 0.860; after the ninth 79.7% / 93.8% / 0.871; after the tenth 81.2% / 94.5% / 0.882;
after the eleventh 82.0% / 95.3% / 0.886; after the twelfth 82.8% / 96.9% / 0.896.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks.bench_citations import Situation, read_situations

from tabletop.rules import ClauseIndex, load_rules, Corpus

HERE = Path(__file__).parent


@dataclass(frozen=True)
class HeldOut:
    """A set written blind, its pinned digest, and the floors its figures must stay above: the
    figures measured less rounding, regression guards rather than goals."""

    file: str
    sha256: str
    floors: dict[str, float]
    top3_by_phase: dict[str, float] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return HERE / self.file

    def situations(self) -> list[Situation]:
        return read_situations(self.path)


HELD_OUT = [
    HeldOut(
        "held_out_citations_5.yaml",
        "11a9fa02565043cbe265b56cbc3006d1a0f6a2d91a11c84d2b870ef1a7866314",
        {"top1": 0.86, "top3": 0.97, "mrr": 0.92},
        {
            "peacetime": 0.95,
            "emerging_threats": 1.0,
            "anticipated_attack": 1.0,
            "attack": 0.95,
            "third_country_attack": 1.0,
            "disaster": 1.0,
            "combinations": 0.95,
        },
    ),
    HeldOut(
        "held_out_citations_6.yaml",
        "0c5605d56a1674fad206211fae7ebebeca286271c7ed60999593671e4b8a4855",
        {"top1": 0.90, "top3": 0.95, "mrr": 0.93},
        {
            "peacetime": 0.92,
            "emerging_threats": 1.0,
            "anticipated_attack": 1.0,
            "attack": 1.0,
            "combinations": 0.91,
        },
    ),
    HeldOut(
        "held_out_citations_7.yaml",
        "03ae9e4caa14e4d7cf0bf6e0c76c34087174cb430d2e48c523840a4967b3bea1",
        {"top1": 0.92, "top3": 0.99, "mrr": 0.95},
        {
            "peacetime": 0.95,
            "emerging_threats": 1.0,
            "anticipated_attack": 1.0,
            "attack": 1.0,
            "combinations": 1.0,
        },
    ),
    HeldOut(
        "held_out_citations_8.yaml",
        "725e822ff219fb18ab081fc00dc79709c54956547f8b70ba2f4b76f1e585950c",
        {"top1": 0.94, "top3": 1.0, "mrr": 0.97},
        {
            "peacetime": 1.0,
            "emerging_threats": 1.0,
            "anticipated_attack": 1.0,
            "attack": 1.0,
            "combinations": 1.0,
        },
    ),
    HeldOut(
        "held_out_citations_9.yaml",
        "9e42ca16d9edc5ce20e470a8d830b73d80255e450b71e92545218edd27bdcb63",
        {"top1": 0.92, "top3": 0.98, "mrr": 0.95},
        {
            "peacetime": 1.0,
            "emerging_threats": 1.0,
            "anticipated_attack": 1.0,
            "attack": 0.92,
            "combinations": 1.0,
        },
    ),
    HeldOut(
        "held_out_citations_10.yaml",
        "e6f9b64adfa269088341e5245f449158dd018bbce94161430d8d27dbe2d5953f",
        {"top1": 0.93, "top3": 0.98, "mrr": 0.95},
        {
            "peacetime": 1.0,
            "emerging_threats": 1.0,
            "anticipated_attack": 1.0,
            "attack": 0.97,
            "combinations": 0.97,
        },
    ),
    HeldOut(
        "held_out_citations_11.yaml",
        "5fab0b0991e85b1121783127002b0141005db40661f0487274ab468ee6c7fd47",
        {"top1": 0.91, "top3": 0.97, "mrr": 0.94},
        {
            "peacetime": 1.0,
            "emerging_threats": 1.0,
            "anticipated_attack": 0.97,
            "attack": 0.92,
            "combinations": 0.98,
        },
    ),
    HeldOut(
        "held_out_citations_12.yaml",
        "ca2d21d39c39cd492858dee01b459e7ca45554013a557c9a3fa8dc7e7588e97d",
        {"top1": 0.91, "top3": 0.98, "mrr": 0.94},
        {
            "peacetime": 1.0,
            "emerging_threats": 1.0,
            "anticipated_attack": 0.94,
            "attack": 0.97,
            "combinations": 0.98,
        },
    ),
    HeldOut(
        "held_out_citations_13.yaml",
        "f21634176c124a874671ed6f1ed9f257a882bbca4359ef925fe3f39423cfa0e2",
        {"top1": 0.91, "top3": 0.98, "mrr": 0.94},
        {
            "peacetime": 0.97,
            "emerging_threats": 1.0,
            "anticipated_attack": 0.97,
            "attack": 0.95,
            "combinations": 1.0,
        },
    ),
    HeldOut(
        "held_out_citations_14.yaml",
        "e9a52e0914d9ef018754d1954aeb92debe6c8775d3aca58a24d820cfffbec86f",
        {"top1": 0.91, "top3": 0.99, "mrr": 0.94},
        {
            "peacetime": 1.0,
            "emerging_threats": 0.97,
            "anticipated_attack": 1.0,
            "attack": 1.0,
            "combinations": 0.98,
        },
    ),
    HeldOut(
        "held_out_citations_15.yaml",
        "51bb2f2eea9bcf97bb4362df92de5f9553b7c0cef11225e1f26496f77c783109",
        {"top1": 0.90, "top3": 0.99, "mrr": 0.94},
        {
            "peacetime": 1.0,
            "emerging_threats": 1.0,
            "anticipated_attack": 1.0,
            "attack": 1.0,
            "combinations": 0.98,
        },
    ),
    HeldOut(
        "held_out_citations_16.yaml",
        "9c1df8d5f032b9b1c8117ede43d91f9ba315cbfc7e0f195fdfb39490ef29a84c",
        {"top1": 0.85, "top3": 0.96, "mrr": 0.90},
        {
            "peacetime": 0.98,
            "emerging_threats": 0.98,
            "anticipated_attack": 0.96,
            "attack": 1.0,
            "combinations": 0.92,
        },
    ),
    HeldOut(
        "held_out_citations_17.yaml",
        "735c27f550f1996c78b1df0a48924cbdece31faf8e8486736738ca6e3b91f40f",
        {"top1": 0.82, "top3": 0.94, "mrr": 0.88},
        {
            "peacetime": 0.98,
            "emerging_threats": 0.94,
            "anticipated_attack": 0.94,
            "attack": 0.94,
            "combinations": 0.93,
        },
    ),
    HeldOut(
        "held_out_citations_18.yaml",
        "d680d9ac6ba1dd8ab9cfec831ff1a6b304cecd332347bfcda48d3a523c7f0e3b",
        {"top1": 0.83, "top3": 0.96, "mrr": 0.90},
        {
            "peacetime": 0.98,
            "emerging_threats": 0.98,
            "anticipated_attack": 0.98,
            "attack": 0.94,
            "combinations": 0.96,
        },
    ),
    HeldOut(
        "held_out_citations_19.yaml",
        "92a0eb9212a230c225a5c6aa54199bbf3b5b5dadd3eff76dfb7be7e4ad2f688e",
        {"top1": 0.84, "top3": 0.97, "mrr": 0.90},
        {
            "peacetime": 0.94,
            "emerging_threats": 1.0,
            "anticipated_attack": 0.94,
            "attack": 1.0,
            "combinations": 0.97,
        },
    ),
    HeldOut(
        "held_out_citations_20.yaml",
        "ed66e4507223f8b2536ade1d8d1844bbcbb281fd0b9438b20cdeab6186a77905",
        {"top1": 0.88, "top3": 0.97, "mrr": 0.92},
        {
            "peacetime": 0.98,
            "emerging_threats": 0.96,
            "anticipated_attack": 0.98,
            "attack": 0.98,
            "combinations": 0.98,
        },
    ),
    HeldOut(
        "held_out_citations_21.yaml",
        "49fd2e51c0dbf48e9cfb3becc4a061920e31b1d6aa37386c567d4350223e9735",
        {"top1": 0.77, "top3": 0.90, "mrr": 0.83},
        {
            "peacetime": 0.90,
            "emerging_threats": 0.86,
            "anticipated_attack": 0.88,
            "attack": 0.92,
            "combinations": 0.92,
        },
    ),
    HeldOut(
        "held_out_citations_22.yaml",
        "dbe2e425990245fc66cc4325fa3b540835c853e3a787bef0a3469764f1bd6966",
        {"top1": 0.82, "top3": 0.94, "mrr": 0.88},
        {
            "peacetime": 0.96,
            "emerging_threats": 0.96,
            "anticipated_attack": 0.90,
            "attack": 0.96,
            "combinations": 0.93,
        },
    ),
    HeldOut(
        "held_out_citations_23.yaml",
        "efa41fe5386a5c55a2025981827aac7e268a3f829657804961aec21f5f5aab71",
        {"top1": 0.86, "top3": 0.95, "mrr": 0.91},
        {
            "peacetime": 0.96,
            "emerging_threats": 0.98,
            "anticipated_attack": 0.92,
            "attack": 1.00,
            "combinations": 0.93,
        },
    ),
    HeldOut(
        "held_out_citations_24.yaml",
        "67bc83e36204d94c0bffb0daf78584bb94e6ce37865c07b8d15476020022d9ac",
        {"top1": 0.85, "top3": 0.95, "mrr": 0.90},
        {
            "peacetime": 0.96,
            "emerging_threats": 0.98,
            "anticipated_attack": 0.96,
            "attack": 0.98,
            "combinations": 0.92,
        },
    ),
    HeldOut(
        "held_out_citations_25.yaml",
        "647a420964db1cbb142171986e73ffcaf08be4353f4829aacba537f3ce4f27d4",
        {"top1": 0.87, "top3": 0.95, "mrr": 0.91},
        {
            "peacetime": 0.96,
            "emerging_threats": 0.96,
            "anticipated_attack": 0.94,
            "attack": 0.96,
            "combinations": 0.95,
        },
    ),
    HeldOut(
        "held_out_citations_26.yaml",
        "af38f4600b18e2336a7baa157db3f6be8bab19acf2e1777eb00e10b934b2a3a2",
        {"top1": 0.84, "top3": 0.96, "mrr": 0.90},
        {
            "peacetime": 0.98,
            "emerging_threats": 0.98,
            "anticipated_attack": 0.94,
            "attack": 0.98,
            "combinations": 0.95,
        },
    ),
    HeldOut(
        "held_out_citations_27.yaml",
        "44f4d7fc5cb51a3dcb241b976a872007c543374d456444b88272b9032552fa71",
        {"top1": 0.88, "top3": 0.98, "mrr": 0.93},
        {
            "peacetime": 0.98,
            "emerging_threats": 0.96,
            "anticipated_attack": 0.98,
            "attack": 1.0,
            "combinations": 1.0,
        },
    ),
    HeldOut("held_out_citations_28.yaml", "98cffba4030cdc1dff9ab14d15d3fdb3d2d7726a13668e38427cc048778a7fef", {}),
    HeldOut("held_out_citations_29.yaml", "8c5570a0030d44bf3be2c204001f51f9ed523917fc8bd291bcbe606b910ff398", {}),
]
IDS = [h.file.removesuffix(".yaml") for h in HELD_OUT]


@pytest.fixture(scope="module")
def guidelines() -> Corpus:
    """The bundled Guidelines corpus (the session tests' `corpus` is a smaller fixture file)."""
    return load_rules()


@pytest.mark.parametrize("held_out", HELD_OUT, ids=IDS)
def test_a_held_out_set_is_unchanged_since_it_was_sealed(held_out: HeldOut) -> None:
    assert hashlib.sha256(held_out.path.read_bytes()).hexdigest() == held_out.sha256


@pytest.mark.parametrize("held_out", HELD_OUT, ids=IDS)
def test_a_held_out_set_is_well_formed_and_covers_every_phase_and_japanese(
    held_out: HeldOut, guidelines: Corpus
) -> None:
    situations = held_out.situations()
    assert len(situations) >= 100
    assert len({g["id"] for g in situations}) == len(situations)
    assert {p for g in situations for p in g["phases"]} == set(guidelines.phase_slugs)
    assert sum(len(g["phases"]) > 1 for g in situations) >= 18
    japanese = [g for g in situations if any("\u3040" <= ch <= "\u9fff" for ch in g["situation"])]
    assert len(japanese) >= len(situations) / 10
    for g in situations:
        applicable = guidelines.applicable_ids(guidelines.phase_combination(g["phases"]))
        assert g["expect"] in applicable and set(g.get("also_acceptable", [])) <= applicable, g["id"]


@pytest.mark.parametrize("held_out", HELD_OUT, ids=IDS)
def test_a_held_out_sets_ranking_quality_stays_above_its_floors(held_out: HeldOut, guidelines: Corpus) -> None:
    """No out-of-phase suggestion (the ranking raises) and no figure under its floor, overall or
    by phase. The message names the figure, never a situation."""
    from benchmarks.bench_citations import SETS, rank_set

    [measured] = [s for s in SETS if s.file == held_out.file]
    result = rank_set(guidelines, ClauseIndex.for_corpus(guidelines), measured)
    figures = result.figures()
    below = [f"{name} under {floor}" for name, floor in held_out.floors.items() if getattr(figures, name) < floor]
    by_phase = result.slices()
    below += [
        f"top-3 in {phase} under {floor}"
        for phase, floor in held_out.top3_by_phase.items()
        if result.figures(by_phase[phase]).top3 < floor
    ]
    assert not below, f"{held_out.file} fell under its floors: " + "; ".join(below)


def test_a_sealed_set_has_no_floors() -> None:
    """Whoever changes the ranking runs the suite: a sealed set's floor failing would tell them
    which way a change moved it. Its floors come when it becomes a development set."""
    from benchmarks.bench_citations import SETS

    sealed = {s.file for s in SETS if s.sealed}
    assert sealed, "no sealed set: write one before the next change of the ranking"
    for held_out in HELD_OUT:
        if held_out.file in sealed:
            assert not held_out.floors and not held_out.top3_by_phase, held_out.file
