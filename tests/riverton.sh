# A second council's content pack, made from scratch as a newcomer would
# following content/packs/hackney/README.md: its own id, title, welcome in
# English and Welsh, two pages, a consent page, one CSV survey. Source this
# file, then:
#
#	riverton_pack DIR RECIPIENT PUBKEY   write the pack into DIR, naming the
#	                                     hub whose two `hub init` lines are
#	                                     RECIPIENT and PUBKEY

riverton_pack() {
	local d=$1 rec=$2 key=$3
	mkdir -p "$d/pages/en" "$d/pages/cy" "$d/surveys/parks"
	cat >"$d/pack.ini" <<INI
; Riverton Council's content pack
[pack]
id = riverton
title = Riverton Council: have your say
title[cy] = Cyngor Riverton: dweud eich dweud
version = 0.1.0
publisher = Riverton Council
languages = en, cy
default_language = en
home = welcome
welcome = Riverton Council wants to hear about our parks.
welcome[cy] = Mae Cyngor Riverton eisiau clywed am ein parciau.

[language_names]
en = English
cy = Cymraeg

[pages]
order = welcome, parks

[surveys]
order = parks
consent = consent

[survey_titles]
parks[cy] = Ein parciau

[hub]
recipients = $rec
minisign_public_key = $key
INI
	cat >"$d/pages/en/welcome.md" <<'MD'
# Welcome to Riverton's parks consultation

We look after 14 parks and want to know what you think of them.

Read [our plans for the parks](parks.md), then tell us what you think.
MD
	cat >"$d/pages/cy/welcome.md" <<'MD'
# Croeso i ymgynghoriad parciau Riverton

Rydym yn gofalu am 14 parc ac eisiau gwybod beth yw eich barn.

Darllenwch [ein cynlluniau ar gyfer y parciau](parks.md).
MD
	cat >"$d/pages/en/parks.md" <<'MD'
# Our plans for the parks

- New benches by the river.
- Lights on the paths that people walk home on.
MD
	cat >"$d/pages/cy/parks.md" <<'MD'
# Ein cynlluniau ar gyfer y parciau

- Meinciau newydd wrth yr afon.
- Goleuadau ar y llwybrau.
MD
	cat >"$d/pages/en/consent.md" <<'MD'
# Before you start

We do not ask your name. You can skip any question and stop at any time.
MD
	cat >"$d/surveys/parks/survey.csv" <<'CSV'
type,name,label::English (en),label::Cymraeg (cy)
select_one rating,rating,How good are our parks?,Pa mor dda yw ein parciau?
select_multiple wants,wants,What should we do first?,Beth ddylem ni ei wneud gyntaf?
text,comment,Anything else?,Unrhyw beth arall?
CSV
	cat >"$d/surveys/parks/choices.csv" <<'CSV'
list_name,name,label::English (en),label::Cymraeg (cy)
rating,good,Good,Da
rating,poor,Poor,Gwael
wants,benches,Benches,Meinciau
wants,lights,Lights,Goleuadau
wants,toilets,Toilets,Toiledau
CSV
	cat >"$d/surveys/parks/settings.csv" <<'CSV'
form_title,form_id,version,default_language
Our parks,parks,1,English (en)
CSV
}
