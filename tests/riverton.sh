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

# riverton_contact DIR: open "Ask us to contact you" in the pack in DIR
# (written by riverton_pack): its [contact] section, the privacy notice in
# English and Welsh, and the form, in both.
riverton_contact() {
	local d=$1
	mkdir -p "$d/surveys/contact"
	cat >>"$d/pack.ini" <<'INI'

[contact]
form = contact
notice = contact-privacy
label = Ask the council to contact you
label[cy] = Gofyn i'r cyngor gysylltu â chi
INI
	cat >"$d/pages/en/contact-privacy.md" <<'MD'
# Before you ask us to contact you

We collect your name, how to reach you, when is best and what it is about.
Only Riverton Council's front door team sees it. We keep it for 90 days,
then delete it. To withdraw, call 01234 567890 or tell the front desk.
It is never joined to any answers you gave.
MD
	cat >"$d/pages/cy/contact-privacy.md" <<'MD'
# Cyn i chi ofyn i ni gysylltu â chi

Rydym yn casglu eich enw, sut i gysylltu â chi, pryd sydd orau a beth yw'r
mater. Dim ond tîm drws ffrynt Cyngor Riverton sy'n ei weld. Rydym yn ei
gadw am 90 diwrnod, yna'n ei ddileu. I dynnu'n ôl, ffoniwch 01234 567890.
MD
	cat >"$d/surveys/contact/survey.csv" <<'CSV'
type,name,label::English (en),label::Cymraeg (cy),required,relevant,constraint
text,name,What is your name?,Beth yw eich enw?,yes,,string-length(.) <= 100
select_one how,how,How should we contact you?,Sut ddylem ni gysylltu â chi?,yes,,
text,phone,Your phone number,Eich rhif ffôn,yes,${how} = 'phone',"regex(., '^[0-9 +()-]{6,20}$')"
text,email,Your email address,Eich cyfeiriad e-bost,yes,${how} = 'email',"regex(., '^[^@ ]+@[^@ ]+$')"
select_multiple times,best_times,When is it best to reach you?,Pryd sydd orau i gysylltu â chi?,,,
text,about,What is it about?,Am beth mae o?,yes,,string-length(.) <= 200
text,details,Anything to tell us first (optional),Unrhyw beth i'w ddweud yn gyntaf (dewisol),,,string-length(.) <= 500
select_one yesno,message,May we leave a message?,A gawn ni adael neges?,yes,${how} = 'phone',
acknowledge,consent,I agree that the council may use these details to contact me,Rwy'n cytuno y caiff y cyngor ddefnyddio'r manylion hyn i gysylltu â mi,yes,,
CSV
	cat >"$d/surveys/contact/choices.csv" <<'CSV'
list_name,name,label::English (en),label::Cymraeg (cy)
how,phone,By phone,Dros y ffôn
how,email,By email,Drwy e-bost
how,group,Through this group,Drwy'r grŵp hwn
times,morning,Mornings,Boreau
times,afternoon,Afternoons,Prynhawniau
yesno,yes,Yes,Ie
yesno,no,No,Na
CSV
	cat >"$d/surveys/contact/settings.csv" <<'CSV'
form_title,form_id,version,default_language
Ask the council to contact you,contact,1,English (en)
CSV
}
