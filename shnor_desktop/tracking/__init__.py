"""The methodist's running work with schools, Qt-free so that the window and the CLI call the
same functions: partnerships (сетевое взаимодействие) with their joint plans, mentoring, methodical visits
(методические выезды) with the follow-up of their recommendations, the district roadmap, and
what needs attention today. Validation errors carry a Russian message per field
(:mod:`.validation`).
"""
