"""The methodist's running work with schools: partnerships (сетевое взаимодействие) and
methodical visits (методические выезды). Qt-free: the window and the CLI call the same functions.
"""
