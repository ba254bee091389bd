"""The tabs of «Риски и программы ОО» and the school card's «Профиль рисков» section."""
