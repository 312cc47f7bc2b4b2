// Package sql is Sluice's SQL front end around the parser: it fills
// ${group.key} placeholders in a job's processor.sql (Render), parses the
// rendered script with package sql/syntax, the Flink-dialect parser (Parse),
// and maps every position back to the file the user wrote (Source), so that
// errors from any later stage point at what the user typed, with a note
// when the text came from a placeholder's value. It also hides secret
// option values in output meant for people (RedactSecrets) and applies the
// script's SET and RESET statements (Script.Settings).
//
// The planner (engine/plan) reads the syntax tree directly: there is one
// tree for the whole front end.
package sql
