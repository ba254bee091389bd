"""Everything that imports Qt lives here and nowhere else."""
