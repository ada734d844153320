/*
 * Every screen of the kiosk, in one list (see kiosk.h). A new screen is
 * its own file and one line here.
 *
 * The first is where the kiosk starts and what it returns to. The order
 * is the order in which the kiosk tells the classes its news and tries
 * their keys that work anywhere: at the start, a session a crash
 * interrupted carries on (screen-session.c) before an unfinished survey
 * is offered back (screen-resume.c), and the laptop's kiosk session with
 * no PIN asks for one over both (screen-pinset.c).
 */
#include "tui/kiosk.h"

#include <stddef.h>

#include "tui/screen-export.h"
#include "tui/screen-chores.h"

const struct screen_class *const kiosk_screens[] = {
	&screen_home_class,
	&screen_language_class,
	&screen_help_class,
	&screen_search_class,
	&screen_pages_class,
	&screen_page_class,
	&screen_directory_class,
	&screen_surveys_class,
	&screen_consent_class,
	&screen_survey_class,
	&screen_review_class,
	&screen_leave_class,
	&screen_thanks_class,
	&screen_pin_class,
	&screen_facilitator_class,
	&screen_export_class,
	&screen_session_start_class,
	&screen_session_class,
	&screen_notes_class,
	&screen_note_tag_class,
	&screen_vote_class,
	&screen_vote_person_class,
	&screen_results_class,
	&screen_confirm_class,
	&screen_resume_class,
	&screen_pinset_class,
	&screen_setup_class,
	&screen_stick_class,
	&screen_status_class,
	&screen_speech_class,
	NULL
};
