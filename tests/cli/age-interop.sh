#!/usr/bin/env bash
# Interoperability of sync/age*.c (through helper-age) with the reference
# `age` and `age-keygen`: each decrypts what the other encrypts, binary and
# armored, to one and several recipients, at the STREAM chunk boundaries,
# with passphrases, and with passphrase-protected identity files. age reads
# passphrases only from a terminal, so those cases run it under script(1).
# (age -d -o creates no file for an empty plaintext: redirect instead.)
. tests/lib.sh

H="$OUTREACH_BUILD/tests/unit/helper-age"
if ! command -v age >/dev/null 2>&1 || ! command -v age-keygen >/dev/null 2>&1; then
	skip "age interop: the age and age-keygen commands are not installed"
	done_testing
	exit
fi
if [ ! -x "$H" ]; then
	not_ok "helper-age is built ($H)"
	done_testing
	exit
fi
cd "$TMP" || exit 1

# Keys: one of ours, two of age-keygen's.
"$H" keygen >ours.key 2>err || cat err
R_OURS=$(sed -n 's/^# public key: //p' ours.key)
age-keygen -o theirs1.key 2>/dev/null
age-keygen -o theirs2.key 2>/dev/null
R_T1=$(age-keygen -y theirs1.key)
R_T2=$(age-keygen -y theirs2.key)
check "our keygen writes a recipient" [ -n "$R_OURS" ]
check "age-keygen -y reads our identity file and agrees on the recipient" \
	[ "$(age-keygen -y ours.key)" = "$R_OURS" ]

# Plaintexts: empty, one byte, 64 KiB multiples and neighbours, 3 MiB.
: >empty
head -c 1 /dev/urandom >one
head -c 65535 /dev/urandom >k64m1
head -c 65536 /dev/urandom >k64
head -c 65537 /dev/urandom >k64p1
head -c 131072 /dev/urandom >k128
head -c 196608 /dev/urandom >k192
head -c 3145728 /dev/urandom >m3

same() { cmp -s "$1" "$2"; }

for f in empty one k64m1 k64 k64p1 k128 k192 m3; do
	sz=$(wc -c <$f)

	"$H" encrypt -r "$R_T1" <$f >$f.ours.age &&
		age -d -i theirs1.key $f.ours.age >$f.a && same $f $f.a
	check "ours -> age -d, one recipient, $sz bytes" [ $? -eq 0 ]

	"$H" encrypt -a -r "$R_T1" -r "$R_T2" -r "$R_OURS" <$f >$f.ours.asc &&
		age -d -i theirs2.key $f.ours.asc >$f.b && same $f $f.b &&
		age -d -i theirs1.key $f.ours.asc >$f.c && same $f $f.c
	check "ours armored -> age -d, three recipients, $sz bytes" [ $? -eq 0 ]

	age -e -r "$R_OURS" -o $f.theirs.age $f &&
		"$H" decrypt -i ours.key <$f.theirs.age >$f.d && same $f $f.d
	check "age -e -> ours, one recipient, $sz bytes" [ $? -eq 0 ]

	age -e -a -r "$R_T1" -r "$R_OURS" -r "$R_T2" -o $f.theirs.asc $f &&
		"$H" decrypt -i ours.key <$f.theirs.asc >$f.e && same $f $f.e &&
		"$H" decrypt -i theirs2.key <$f.theirs.asc >$f.g && same $f $f.g
	check "age -e -a -> ours, three recipients, age-keygen's key file, $sz bytes" \
		[ $? -eq 0 ]
done

# Wrong keys fail on both sides.
check_fails "age -d refuses our file without its key" \
	sh -c 'age -d -i theirs2.key one.ours.age >/dev/null 2>&1'
check_fails "we refuse age's file without its key" \
	sh -c '"$1" decrypt -i theirs1.key <one.theirs.age >/dev/null 2>&1' _ "$H"
"$H" decrypt -i theirs1.key <one.theirs.age >/dev/null 2>err
check "the refusal says no identity matched" grep -q "no identity" err

# Several identity files at once, ours first.
"$H" decrypt -i ours.key -i theirs1.key <k64p1.ours.age >multi.out
check "several -i files: the matching one is used" same k64p1 multi.out

# Passphrases: age asks on a terminal, so give it one with script(1).
if ! command -v script >/dev/null 2>&1; then
	skip "age passphrase interop: script(1) is not installed (age -p needs a terminal)"
	done_testing
	exit
fi
PASS="outreach test passphrase"
# age_tty COMMAND: run COMMAND on a pseudo-terminal, typing PASS twice.
age_tty() {
	(sleep 0.5; printf '%s\n' "$PASS"; sleep 0.5; printf '%s\n' "$PASS"; sleep 1) |
		timeout 120 script -qec "$1" /dev/null >tty.log 2>&1
}

age_tty "age -p -o k64p1.p.age k64p1"
check "age -p wrote a passphrase file" grep -q 'scrypt' k64p1.p.age
"$H" decrypt -p "$PASS" <k64p1.p.age >p1.out
check "age -p -> ours" same k64p1 p1.out
check_fails "age -p -> ours with a wrong passphrase fails" \
	sh -c '"$1" decrypt -p nope <k64p1.p.age >/dev/null 2>&1' _ "$H"

"$H" encrypt -p "$PASS" <k128 >k128.p.age
age_tty "age -d -o p2.out k128.p.age"
check "ours -p (scrypt logN 18) -> age -d" same k128 p2.out

"$H" encrypt -a -p "$PASS" -n 12 <one >one.p.asc
age_tty "age -d -o p3.out one.p.asc"
check "ours -p armored (logN 12) -> age -d" same one p3.out

# Passphrase-protected identity files, both ways.
"$H" encrypt -a -p "$PASS" <ours.key >ours.key.age
age_tty "age -d -i ours.key.age -o p4.out m3.theirs.age"
check "age -d -i reads our passphrase-protected identity file" same m3 p4.out

age_tty "age -p -o theirs1.key.age theirs1.key"
"$H" decrypt -i theirs1.key.age -P "$PASS" <m3.ours.age >p5.out
check "we read age's passphrase-protected identity file" same m3 p5.out
check_fails "a protected identity file needs its passphrase" \
	sh -c '"$1" decrypt -i theirs1.key.age <m3.ours.age >/dev/null 2>&1' _ "$H"

done_testing
